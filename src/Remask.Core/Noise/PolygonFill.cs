using Remask.Core.Imaging;

namespace Remask.Core.Noise;

/// <summary>
/// Rasterises a closed polygon: a pixel is set when its centre lies inside the polygon (non-zero winding rule)
/// or on its boundary. Pixel (x, y) has its centre at (x, y). Parts outside the image are clipped.
/// </summary>
internal static class PolygonFill
{
    private const double Eps = 1e-9;

    public static Mask ToMask(IReadOnlyList<PointD> polygon, int width, int height)
    {
        var data = new byte[checked(width * height)];
        Fill(polygon, width, height, data);
        return new Mask(width, height, data);
    }

    /// <summary>Sets to 1 the pixels of <paramref name="output"/> covered by the polygon; other pixels are left as they are.</summary>
    public static void Fill(IReadOnlyList<PointD> polygon, int width, int height, Span<byte> output)
    {
        if (output.Length != (long)width * height) throw new ArgumentException("output size differs from width x height");
        int n = polygon.Count;
        if (n == 0) return;
        double minY = double.MaxValue, maxY = double.MinValue;
        foreach (PointD p in polygon)
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y)) throw new ArgumentException("polygon vertices must be finite");
            minY = Math.Min(minY, p.Y);
            maxY = Math.Max(maxY, p.Y);
        }
        int rowStart = Math.Max(0, (int)Math.Ceiling(minY - Eps));
        int rowEnd = Math.Min(height - 1, (int)Math.Floor(maxY + Eps));
        if (rowStart > rowEnd) return;

        // Bucket the edges by the rows they span (compressed row lists), so that each row sees only its edges.
        int rows = rowEnd - rowStart + 1;
        var count = new int[rows + 1];
        for (int e = 0; e < n; e++)
        {
            var (lo, hi) = RowRange(polygon[e], polygon[(e + 1) % n], rowStart, rowEnd);
            for (int r = lo; r <= hi; r++) count[r - rowStart + 1]++;
        }
        for (int r = 0; r < rows; r++) count[r + 1] += count[r];
        var edges = new int[count[rows]];
        var cursor = (int[])count.Clone();
        for (int e = 0; e < n; e++)
        {
            var (lo, hi) = RowRange(polygon[e], polygon[(e + 1) % n], rowStart, rowEnd);
            for (int r = lo; r <= hi; r++) edges[cursor[r - rowStart]++] = e;
        }

        var crossings = new List<(double X, int Dir)>();
        for (int y = rowStart; y <= rowEnd; y++)
        {
            Span<byte> row = output.Slice(y * width, width);
            crossings.Clear();
            for (int i = count[y - rowStart]; i < count[y - rowStart + 1]; i++)
            {
                int e = edges[i];
                PointD a = polygon[e], b = polygon[(e + 1) % n];
                if (a.Y == b.Y)
                {
                    // A horizontal edge on this row: its pixel centres are on the boundary.
                    if (Math.Abs(a.Y - y) <= Eps) MarkRange(row, Math.Min(a.X, b.X), Math.Max(a.X, b.X));
                    continue;
                }
                double x = a.X + (y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
                // Half-open rule for the winding count: the edge covers rows lo <= y < hi.
                if ((a.Y <= y) != (b.Y <= y)) crossings.Add((x, a.Y < b.Y ? 1 : -1));
                // A pixel centre exactly on the edge (an end point included) is on the boundary.
                if (y >= Math.Min(a.Y, b.Y) - Eps && y <= Math.Max(a.Y, b.Y) + Eps)
                {
                    double rx = Math.Round(x);
                    if (Math.Abs(x - rx) <= Eps && rx >= 0 && rx < width) row[(int)rx] = 1;
                }
            }
            if (crossings.Count < 2) continue;
            crossings.Sort((p, q) => p.X.CompareTo(q.X));
            int winding = 0;
            double spanStart = 0;
            foreach (var (x, dir) in crossings)
            {
                int before = winding;
                winding += dir;
                if (before == 0 && winding != 0) spanStart = x;
                else if (before != 0 && winding == 0) MarkRange(row, spanStart, x);
            }
        }
    }

    private static (int Lo, int Hi) RowRange(PointD a, PointD b, int rowStart, int rowEnd)
    {
        int lo = Math.Max(rowStart, (int)Math.Ceiling(Math.Min(a.Y, b.Y) - Eps));
        int hi = Math.Min(rowEnd, (int)Math.Floor(Math.Max(a.Y, b.Y) + Eps));
        return (lo, hi);
    }

    /// <summary>Sets the pixels whose centre x lies in [from, to].</summary>
    private static void MarkRange(Span<byte> row, double from, double to)
    {
        int x0 = Math.Max(0, (int)Math.Ceiling(from - Eps));
        int x1 = Math.Min(row.Length - 1, (int)Math.Floor(to + Eps));
        if (x0 <= x1) row[x0..(x1 + 1)].Fill(1);
    }
}
