using Remask.Core.Noise;

namespace Remask.Core.Tests.Noise;

public class ClosedCurveTests
{
    [Fact]
    public void The_curve_passes_through_every_vertex()
    {
        PointD[] vertices = [new(0, 0), new(10, 1), new(12, 9), new(3, 14), new(-4, 6)];
        var curve = ClosedCurve.CentripetalCatmullRom(vertices);
        foreach (PointD v in vertices)
            Assert.Contains(curve, p => Math.Abs(p.X - v.X) < 1e-9 && Math.Abs(p.Y - v.Y) < 1e-9);
    }

    [Fact]
    public void Through_regular_polygon_vertices_it_stays_close_to_the_circle()
    {
        const double r = 50;
        for (int k = 6; k <= 12; k++)
        {
            var vertices = Enumerable.Range(0, k).Select(i => new PointD(r * Math.Cos(2 * Math.PI * i / k), r * Math.Sin(2 * Math.PI * i / k))).ToArray();
            var curve = ClosedCurve.CentripetalCatmullRom(vertices);
            double worst = curve.Max(p => Math.Abs(Math.Sqrt(p.X * p.X + p.Y * p.Y) - r));
            Assert.True(worst < 0.03 * r, $"k = {k}: the curve strays {worst:F2} from the circle");
            // Consecutive samples are close together (dense enough to fill).
            for (int i = 0; i < curve.Count; i++)
            {
                PointD a = curve[i], b = curve[(i + 1) % curve.Count];
                Assert.True(Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y)) < 1.0);
            }
        }
    }

    [Fact]
    public void Repeated_consecutive_vertices_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ClosedCurve.CentripetalCatmullRom([new(0, 0), new(0, 0), new(5, 5)]));
    }
}
