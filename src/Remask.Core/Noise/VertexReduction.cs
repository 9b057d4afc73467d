namespace Remask.Core.Noise;

/// <summary>
/// Reduces a closed contour to exactly k vertices with Ramer-Douglas-Peucker. RDP at tolerance e keeps the
/// points whose split distance, capped by the split distance of every split above them, exceeds e; so ranking
/// the points by that capped distance and taking the k best (ties broken by contour order) gives exactly what a
/// search over the tolerance would stop at, without the search.
/// The closed contour is cut at two anchors that always stay: the point farthest from a start point, and the
/// point farthest from that one (close to the contour's diameter). The start point is the only free choice;
/// noise models draw it from their seed.
/// </summary>
internal static class VertexReduction
{
    /// <summary>
    /// Indices into <paramref name="points"/> of exactly <paramref name="k"/> vertices at distinct positions, in
    /// contour order; null when the contour has fewer than k distinct positions.
    /// </summary>
    /// <param name="points">The closed contour's points, in order.</param>
    /// <param name="k">The number of vertices wanted, at least 3.</param>
    /// <param name="start">Index of the point the anchor search starts from (any index; taken modulo the count).</param>
    public static int[]? ReduceToK(IReadOnlyList<PixelPoint> points, int k, int start)
    {
        if (k < 3) throw new RemaskUsageException($"a polygon needs at least 3 vertices, got k = {k}");
        int n = points.Count;
        if (n < k) return null;
        int a = Farthest(points, ((start % n) + n) % n);
        int b = Farthest(points, a);
        if (points[a] == points[b]) return null;

        var significance = new double[n];
        Array.Fill(significance, -1.0);
        significance[a] = double.PositiveInfinity;
        significance[b] = double.PositiveInfinity;
        // Chains a -> b and b -> a, in unrolled positions (position p is point p mod n).
        int bPos = b > a ? b : b + n;
        var stack = new Stack<(int From, int To, double Cap)>();
        stack.Push((a, bPos, double.PositiveInfinity));
        stack.Push((bPos, a + n, double.PositiveInfinity));
        while (stack.Count > 0)
        {
            var (from, to, cap) = stack.Pop();
            if (to - from < 2) continue;
            PixelPoint p = points[from % n], q = points[to % n];
            int best = -1;
            double bestDistance = -1;
            for (int m = from + 1; m < to; m++)
            {
                double d = SegmentDistance(points[m % n], p, q);
                if (d > bestDistance) { bestDistance = d; best = m; }
            }
            double s = Math.Min(bestDistance, cap);
            significance[best % n] = s;
            stack.Push((from, best, s));
            stack.Push((best, to, s));
        }

        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Highest significance first; equal ones in contour order (a stable sort keeps index order).
        var keys = new double[n];
        for (int i = 0; i < n; i++) keys[i] = -significance[i];
        Array.Sort(keys, order);   // not stable by itself: restore index order among ties below
        SortTiesByIndex(keys, order);

        var chosen = new List<int>(k);
        var positions = new HashSet<PixelPoint>();
        foreach (int i in order)
        {
            if (positions.Add(points[i])) chosen.Add(i);
            if (chosen.Count == k) break;
        }
        if (chosen.Count < k) return null;
        chosen.Sort();
        return chosen.ToArray();
    }

    private static void SortTiesByIndex(double[] keys, int[] order)
    {
        int i = 0;
        while (i < keys.Length)
        {
            int j = i + 1;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            if (j - i > 1) Array.Sort(order, i, j - i);
            i = j;
        }
    }

    /// <summary>Index of the point farthest from point <paramref name="from"/> (the first one on ties).</summary>
    private static int Farthest(IReadOnlyList<PixelPoint> points, int from)
    {
        PixelPoint o = points[from];
        int best = from;
        long bestD = -1;
        for (int i = 0; i < points.Count; i++)
        {
            long dx = points[i].X - o.X, dy = points[i].Y - o.Y;
            long d = dx * dx + dy * dy;
            if (d > bestD) { bestD = d; best = i; }
        }
        return best;
    }

    /// <summary>Euclidean distance from <paramref name="p"/> to the segment <paramref name="a"/>-<paramref name="b"/>.</summary>
    internal static double SegmentDistance(PixelPoint p, PixelPoint a, PixelPoint b)
    {
        double vx = b.X - a.X, vy = b.Y - a.Y;
        double wx = p.X - a.X, wy = p.Y - a.Y;
        double len2 = vx * vx + vy * vy;
        double t = len2 == 0 ? 0 : Math.Clamp((wx * vx + wy * vy) / len2, 0, 1);
        double dx = wx - t * vx, dy = wy - t * vy;
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
