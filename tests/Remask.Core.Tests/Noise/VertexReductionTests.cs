using Remask.Core.Noise;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Noise;

public class VertexReductionTests
{
    private static IReadOnlyList<PixelPoint> ContourOf(Remask.Core.Imaging.Mask mask) =>
        Assert.Single(ContourTracer.OuterBoundaries(mask)).Points;

    [Fact]
    public void A_square_reduces_to_its_four_corners()
    {
        var contour = ContourOf(Remask.Core.Imaging.Mask.FromFunction(12, 12, (x, y) => x is >= 2 and <= 9 && y is >= 2 and <= 9));
        for (int start = 0; start < contour.Count; start += 5)
        {
            int[] kept = VertexReduction.ReduceToK(contour, 4, start)!;
            Assert.Equal(
                new HashSet<PixelPoint> { new(2, 2), new(9, 2), new(9, 9), new(2, 9) },
                kept.Select(i => contour[i]).ToHashSet());
        }
    }

    [Fact]
    public void K_below_3_is_a_usage_error_and_too_few_points_give_null()
    {
        var contour = ContourOf(RandomMasks.Disc(20, 20, 10, 10, 6));
        Assert.Throws<RemaskUsageException>(() => VertexReduction.ReduceToK(contour, 2, 0));
        Assert.Null(VertexReduction.ReduceToK([new(0, 0), new(1, 0), new(0, 0)], 3, 0));   // 2 distinct positions
        Assert.Null(VertexReduction.ReduceToK(contour, contour.Count + 1, 0));
    }

    [Fact]
    public void Returns_exactly_k_distinct_vertices_in_contour_order()
    {
        foreach (var mask in RandomMasks.Many(seed: 5, count: 80))
            foreach (var contour in ContourTracer.OuterBoundaries(mask))
                foreach (int k in new[] { 3, 5, 7, 12 })
                {
                    int[]? kept = VertexReduction.ReduceToK(contour.Points, k, contour.Points.Count / 3);
                    int distinct = contour.Points.Distinct().Count();
                    if (distinct < k) { Assert.Null(kept); continue; }
                    Assert.NotNull(kept);
                    Assert.Equal(k, kept.Length);
                    Assert.Equal(k, kept.Select(i => contour.Points[i]).Distinct().Count());
                    Assert.Equal(kept.Order(), kept);
                }
    }

    [Fact]
    public void Agrees_with_plain_RDP_at_a_tolerance_that_leaves_k_vertices()
    {
        int compared = 0;
        var shapes = new[]
        {
            RandomMasks.Ellipse(60, 50, 30, 25, 22, 14),
            RandomMasks.Blobs(new Random(1), 60, 60, 5),
            RandomMasks.Blobs(new Random(2), 60, 60, 5),
        };
        foreach (var mask in shapes)
            foreach (var contour in ContourTracer.OuterBoundaries(mask))
            {
                var pts = contour.Points;
                if (pts.Count < 20) continue;
                int start = 7 % pts.Count;
                // The anchors, by their definition: farthest from the start, then farthest from that.
                int a = Farthest(pts, start), b = Farthest(pts, a);
                for (int k = 3; k <= 10; k++)
                {
                    double? tolerance = SearchTolerance(pts, a, b, k);
                    if (tolerance is null) continue;   // ties make the count jump over k
                    var expected = PlainRdp(pts, a, b, tolerance.Value).Select(i => pts[i]).ToHashSet();
                    var actual = VertexReduction.ReduceToK(pts, k, start)!.Select(i => pts[i]).ToHashSet();
                    Assert.Equal(expected, actual);
                    compared++;
                }
            }
        Assert.True(compared >= 10, $"only {compared} comparisons");
    }

    private static double? SearchTolerance(IReadOnlyList<PixelPoint> pts, int a, int b, int k)
    {
        double lo = 0, hi = 1000;
        for (int it = 0; it < 100; it++)
        {
            double mid = (lo + hi) / 2;
            int count = PlainRdp(pts, a, b, mid).Count;
            if (count == k) return mid;
            if (count > k) lo = mid; else hi = mid;
        }
        return null;
    }

    /// <summary>Textbook recursive RDP on the two chains a -> b and b -> a: keeps a point when its distance exceeds the tolerance.</summary>
    private static List<int> PlainRdp(IReadOnlyList<PixelPoint> pts, int a, int b, double tolerance)
    {
        int n = pts.Count;
        var kept = new List<int> { a, b };
        void Recurse(int from, int to)
        {
            if (to - from < 2) return;
            int best = -1;
            double bestD = -1;
            for (int m = from + 1; m < to; m++)
            {
                double d = Distance(pts[m % n], pts[from % n], pts[to % n]);
                if (d > bestD) { bestD = d; best = m; }
            }
            if (bestD <= tolerance) return;
            kept.Add(best % n);
            Recurse(from, best);
            Recurse(best, to);
        }
        int bPos = b > a ? b : b + n;
        Recurse(a, bPos);
        Recurse(bPos, a + n);
        return kept;
    }

    private static double Distance(PixelPoint p, PixelPoint a, PixelPoint b)
    {
        double vx = b.X - a.X, vy = b.Y - a.Y, wx = p.X - a.X, wy = p.Y - a.Y;
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : Math.Clamp((wx * vx + wy * vy) / len2, 0, 1);
        return Math.Sqrt((wx - t * vx) * (wx - t * vx) + (wy - t * vy) * (wy - t * vy));
    }

    private static int Farthest(IReadOnlyList<PixelPoint> pts, int from)
    {
        int best = from;
        long bestD = -1;
        for (int i = 0; i < pts.Count; i++)
        {
            long dx = pts[i].X - pts[from].X, dy = pts[i].Y - pts[from].Y;
            if (dx * dx + dy * dy > bestD) { bestD = dx * dx + dy * dy; best = i; }
        }
        return best;
    }
}
