using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class StarShapeTests
{
    [Fact]
    public void A_circle_has_the_exact_signed_distance()
    {
        var c = new StarShape(0.5, 0.5, 0.2);
        Assert.Equal(0.15, c.SignedDistance(0.55, 0.5), 12);
        Assert.Equal(-0.1, c.SignedDistance(0.5, 0.8), 12);
        Assert.Equal(0.2 - Math.Sqrt(0.02), c.SignedDistance(0.6, 0.6), 12);
        Assert.True(c.Contains(0.69, 0.5));
        Assert.False(c.Contains(0.71, 0.5));
        Assert.Equal(Math.PI * 0.04, c.Area, 12);
    }

    [Fact]
    public void A_turned_stretched_circle_is_the_ellipse()
    {
        // Semi-axes 0.3 (along 30 degrees) and 0.1; inside iff (x'/0.3)^2 + (y'/0.1)^2 < 1 in the turned frame.
        double rot = Math.PI / 6;
        var e = new StarShape(0.4, 0.55, 1, 0.3, 0.1, rot);
        int disagree = 0;
        for (int i = 0; i < 200; i++)
            for (int j = 0; j < 200; j++)
            {
                double u = i / 199.0, v = j / 199.0, dx = u - 0.4, dy = v - 0.55;
                double xr = Math.Cos(rot) * dx + Math.Sin(rot) * dy, yr = -Math.Sin(rot) * dx + Math.Cos(rot) * dy;
                bool inside = xr * xr / 0.09 + yr * yr / 0.01 < 1;
                if (inside != e.Contains(u, v)) disagree++;
            }
        Assert.Equal(0, disagree);
        Assert.Equal(Math.PI * 0.3 * 0.1, e.Area, 12);
    }

    [Fact]
    public void The_border_radius_is_the_Fourier_sum()
    {
        // r(θ) = 0.2 (1 + 0.1 cos 2θ + 0.05 sin 3θ)
        var s = new StarShape(0.5, 0.5, 0.2, cos: [0, 0, 0.1, 0], sin: [0, 0, 0, 0.05]);
        Assert.Equal(0.2 * 1.1, s.RadiusAt(0), 12);
        Assert.Equal(0.2 * (1 - 0.1 - 0.05), s.RadiusAt(Math.PI / 2), 12);   // cos π = -1, sin 3π/2 = -1
        Assert.Equal(0.2 * (1 + 0.05 * Math.Sqrt(0.5)), s.RadiusAt(Math.PI / 4), 12);   // cos π/2 = 0, sin 3π/4 = √½
        // On a ray the point just inside the border is in, just outside is out.
        foreach (double t in new[] { 0.0, 0.7, 2.0, 4.0 })
        {
            double r = s.RadiusAt(t);
            Assert.True(s.Contains(0.5 + Math.Cos(t) * r * 0.999, 0.5 + Math.Sin(t) * r * 0.999));
            Assert.False(s.Contains(0.5 + Math.Cos(t) * r * 1.001, 0.5 + Math.Sin(t) * r * 1.001));
        }
    }

    [Fact]
    public void The_area_formula_matches_a_fine_pixel_count()
    {
        var rng = new SynthRandom(7);
        for (int k = 0; k < 5; k++)
        {
            var s = StarShape.RandomBlob(rng, 0.5, 0.5, 0.25, 1.2, 0.8, rng.Uniform(0, 3), 0.4);
            const int n = 500;
            int inside = 0;
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    if (s.Contains((x + 0.5) / n, (y + 0.5) / n)) inside++;
            Assert.Equal(s.Area, (double)inside / (n * n), 3);
        }
    }

    [Fact]
    public void The_signed_distance_agrees_in_sign_with_Contains_and_is_Euclidean_near_the_border()
    {
        var rng = new SynthRandom(11);
        var s = StarShape.RandomBlob(rng, 0.5, 0.5, 0.22, 1.3, 0.8, 0.4, 0.35);
        // The border, densely sampled, mapped back to image coordinates.
        var border = new List<(double X, double Y)>();
        double cr = Math.Cos(s.Rotation), sr = Math.Sin(s.Rotation);
        for (int k = 0; k < 20000; k++)
        {
            double t = 2 * Math.PI * k / 20000, r = s.RadiusAt(t);
            double lx = Math.Cos(t) * r * s.StretchX, ly = Math.Sin(t) * r * s.StretchY;
            border.Add((s.CenterX + cr * lx - sr * ly, s.CenterY + sr * lx + cr * ly));
        }
        int checkedNear = 0;
        for (int i = 0; i < 4000; i++)
        {
            double u = rng.Uniform(0.1, 0.9), v = rng.Uniform(0.1, 0.9);
            double sd = s.SignedDistance(u, v);
            Assert.Equal(s.Contains(u, v), sd > 0);
            if (Math.Abs(sd) > 0.01) continue;
            double best = double.MaxValue;
            foreach (var (x, y) in border) best = Math.Min(best, (x - u) * (x - u) + (y - v) * (y - v));
            double truth = Math.Sqrt(best) * (sd > 0 ? 1 : -1);
            Assert.True(Math.Abs(sd - truth) <= 0.1 * Math.Abs(truth) + 2e-4, $"at ({u}, {v}): {sd} vs {truth}");
            checkedNear++;
        }
        Assert.True(checkedNear > 50);
    }

    [Fact]
    public void Random_blobs_keep_their_harmonics_within_the_irregularity()
    {
        var rng = new SynthRandom(3);
        for (int i = 0; i < 50; i++)
        {
            var s = StarShape.RandomBlob(rng, 0.5, 0.5, 0.2, 1, 1, 0, 0.3);
            Assert.InRange(s.MaxRadius, 0.2, 0.2 * 1.3 + 1e-12);
            for (int k = 0; k < 64; k++) Assert.InRange(s.RadiusAt(k * Math.PI / 32), 0.2 * 0.7 - 1e-12, 0.2 * 1.3 + 1e-12);
        }
    }

    [Fact]
    public void Border_points_lie_on_the_border_in_image_coordinates()
    {
        // A turned ellipse: angle 0 of its own frame is the end of its long axis.
        var e = new StarShape(0.4, 0.6, 1, 0.3, 0.1, Math.PI / 2);
        var (u, v) = e.BorderPoint(0);
        Assert.Equal(0.4, u, 12);
        Assert.Equal(0.9, v, 12);
        var rng = new SynthRandom(8);
        for (int i = 0; i < 50; i++)
        {
            var s = StarShape.RandomBlob(rng, 0.5, 0.5, 0.2, 1.3, 0.8, rng.Uniform(0, 3), 0.35);
            var (bu, bv) = s.BorderPoint(rng.Uniform(0, 2 * Math.PI));
            Assert.True(Math.Abs(s.SignedDistance(bu, bv)) < 1e-12, $"distance {s.SignedDistance(bu, bv)}");
        }
    }

    [Fact]
    public void Harmonics_summing_to_one_or_more_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new StarShape(0.5, 0.5, 0.2, cos: [0, 0, 0.6], sin: [0, 0, 0.4]));
    }
}

public class CoverageAndGridTests
{
    [Fact]
    public void Edge_coverage_is_a_box_filtered_half_plane()
    {
        Assert.Equal(0.5f, Coverage.Edge(0, 0.1));
        Assert.Equal(1f, Coverage.Edge(0.05, 0.1));
        Assert.Equal(0f, Coverage.Edge(-0.05, 0.1));
        Assert.Equal(0.75f, Coverage.Edge(0.025, 0.1), 6);
    }

    [Fact]
    public void Line_coverage_is_the_overlap_of_pixel_and_band()
    {
        // Band 0.25 px wide through the pixel centre covers a quarter of it.
        Assert.Equal(0.25f, Coverage.Line(0, 0.25, 1), 6);
        // A band wider than the pixel covers it fully at the centre; half at its own edge.
        Assert.Equal(1f, Coverage.Line(0, 3, 1));
        Assert.Equal(0.5f, Coverage.Line(1.5, 3, 1), 6);
        // Pixel [0.2, 1.2] against band [-0.5, 0.5]: overlap 0.3.
        Assert.Equal(0.3f, Coverage.Line(0.7, 1, 1), 6);
        Assert.Equal(0f, Coverage.Line(2, 1, 1));
    }

    [Fact]
    public void SmoothStep_has_its_textbook_values()
    {
        Assert.Equal(0f, Coverage.SmoothStep(1, 2, 0.5));
        Assert.Equal(0.5f, Coverage.SmoothStep(1, 2, 1.5), 6);
        Assert.Equal(0.15625f, Coverage.SmoothStep(0, 1, 0.25), 6);   // 3/16 - 2/64
        Assert.Equal(1f, Coverage.SmoothStep(1, 2, 3));
    }

    [Fact]
    public void Grid_spans_are_the_pixels_whose_centres_lie_in_the_interval()
    {
        var g = new PixelGrid(10);   // centres at 0.05, 0.15, ..., 0.95
        Assert.Equal(0.25, g.Center(2), 12);
        Assert.Equal((2, 4), g.Span(0.2, 0.46));
        Assert.Equal((0, 9), g.Span(-1, 2));
        Assert.Equal((3, 3), g.Span(0.35, 0.35));
        var (first, last) = g.Span(0.36, 0.44);
        Assert.True(first > last);
        var (f2, l2) = g.Span(1.5, 2);
        Assert.True(f2 > l2);
    }
}

public class NoiseTests
{
    [Fact]
    public void Gradient_noise_is_deterministic_smooth_and_centred()
    {
        var a = new GradientNoise(new SynthRandom(5), 8);
        var b = new GradientNoise(new SynthRandom(5), 8);
        var c = new GradientNoise(new SynthRandom(6), 8);
        double sum = 0, maxStep = 0, differ = 0;
        const int n = 200;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                double u = (x + 0.5) / n, v = (y + 0.5) / n;
                float s = a.Sample(u, v);
                Assert.Equal(s, b.Sample(u, v));
                differ += Math.Abs(s - c.Sample(u, v));
                Assert.InRange(s, -1.5f, 1.5f);
                sum += s;
                // Lipschitz: a step of 1/1000 of the image (1/125 of a lattice cell) changes the value little.
                maxStep = Math.Max(maxStep, Math.Abs(a.Sample(u + 0.001, v) - s));
            }
        Assert.InRange(sum / (n * n), -0.15, 0.15);
        Assert.True(maxStep < 0.05, $"largest step {maxStep}");
        Assert.True(differ / (n * n) > 0.1, "another seed gives another noise");
    }

    [Fact]
    public void Octaves_finer_than_the_pixel_grid_fade_out()
    {
        Assert.Equal(1f, FractalNoise.BandLimit(4));
        Assert.Equal(0.5f, FractalNoise.BandLimit(3));
        Assert.Equal(0f, FractalNoise.BandLimit(2));
        var f = new FractalNoise(new SynthRandom(1), 8, 3);   // frequencies 8, 16, 32; amplitudes 4/7, 2/7, 1/7
        var at64 = f.OctaveWeights(64);                        // cells of 8, 4 and 2 pixels
        Assert.Equal(4f / 7, at64[0], 6);
        Assert.Equal(2f / 7, at64[1], 6);
        Assert.Equal(0f, at64[2]);
        var at48 = f.OctaveWeights(48);                        // 6, 3 and 1.5 pixels
        Assert.Equal(1f / 7, at48[1], 6);
    }
}

public class StrokeAndLayerTests
{
    [Fact]
    public void A_stroke_covers_its_area_and_nothing_far_away()
    {
        // A straight stroke (control point on the chord) 0.5 long and 0.004 wide at 128 px: area 0.002.
        var s = new Stroke(0.25, 0.5, 0.5, 0.5, 0.75, 0.5, 0.004);
        var grid = new PixelGrid(128);
        var cov = new float[128 * 128];
        s.Draw(grid, cov);
        double total = cov.Sum() / (128.0 * 128.0);
        Assert.Equal(0.5 * 0.004, total, 4);
        for (int y = 0; y < 128; y++)
            for (int x = 0; x < 128; x++)
                if (Math.Abs(grid.Center(y) - 0.5) > 0.002 + grid.Pixel || grid.Center(x) < 0.25 - 0.01 || grid.Center(x) > 0.75 + 0.01)
                    Assert.Equal(0f, cov[y * 128 + x]);
    }

    [Fact]
    public void A_painted_layer_holds_the_shapes_area_and_its_inset()
    {
        var grid = new PixelGrid(96);
        var circle = new StarShape(0.5, 0.5, 0.3);
        var values = new float[96 * 96];
        new ShapeLayer(circle, 1).Paint(values, grid, grid.Pixel);
        Assert.Equal(Math.PI * 0.09, values.Sum() / (96.0 * 96), 3);

        var ring = new float[96 * 96];
        new ShapeLayer(circle, 1) { Inset = 0.1 }.Paint(ring, grid, grid.Pixel);
        Assert.Equal(Math.PI * 0.04, ring.Sum() / (96.0 * 96), 3);

        // The half above v = 0.5 of the circle, clipped to a second circle covering its right part.
        var clip = new StarShape(0.8, 0.5, 0.3);
        var layer = new ShapeLayer(circle, 1) { Above = 0.5, Clips = [(clip, 0)] };
        var part = new float[96 * 96];
        layer.Paint(part, grid, grid.Pixel);
        // Lens of two radius-0.3 circles 0.3 apart: 2 r^2 acos(d/2r) - d/2 sqrt(4r^2 - d^2); half of it above.
        double lens = 2 * 0.09 * Math.Acos(0.5) - 0.15 * Math.Sqrt(0.36 - 0.09);
        Assert.Equal(lens / 2, part.Sum() / (96.0 * 96), 3);
        // Contains agrees with the painted coverage at pixel centres (>= 0.5 inside, <= 0.5 outside).
        for (int y = 0; y < 96; y++)
            for (int x = 0; x < 96; x++)
            {
                float p = part[y * 96 + x];
                if (layer.Contains(grid.Center(x), grid.Center(y))) Assert.True(p >= 0.5f - 1e-6f);
                else Assert.True(p <= 0.5f + 1e-6f);
            }
    }
}
