namespace Remask.Core.Relabeling.EpochRules;

/// <summary>A least-squares fit: the curve, its sum of squared residuals and how many Levenberg–Marquardt steps it took.</summary>
public sealed record SaturatingCurveFit(SaturatingCurve Curve, double SumOfSquares, int Iterations);

/// <summary>
/// Least-squares fit of <see cref="SaturatingCurve"/> to points (t_i, y_i) by Levenberg–Marquardt (Marquardt's
/// diagonal scaling) in the log-parameters (ln a, ln b, ln c), which keeps a, b, c positive. Robust start: a grid
/// of a₀ ∈ {1.02, 1.2, 2} · max y and b₀ ∈ {0.3, 0.5, 0.75, 1, 1.5, 2, 3}, with c₀ the median over the points of
/// t^b₀ / −ln(1 − y/a₀) (the value that puts the curve through each point); the four starts with the smallest sum
/// of squares are refined and the best result wins.
/// </summary>
internal static class SaturatingCurveFitter
{
    private static readonly double[] AScale = [1.02, 1.2, 2.0];
    private static readonly double[] BStart = [0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0];
    private const int RefinedStarts = 4;

    /// <summary>Fits points (t, y) with t = 1, 2, ..., n. Null when no fit is possible (fewer than 3 points, or no y &gt; 0).</summary>
    public static SaturatingCurveFit? Fit(IReadOnlyList<double> y)
    {
        var t = new double[y.Count];
        for (int i = 0; i < t.Length; i++) t[i] = i + 1;
        return Fit(t, y);
    }

    /// <summary>Fits points (t_i, y_i), t_i &gt; 0. Null when no fit is possible (fewer than 3 points, or no y &gt; 0).</summary>
    public static SaturatingCurveFit? Fit(IReadOnlyList<double> t, IReadOnlyList<double> y)
    {
        if (t.Count != y.Count) throw new ArgumentException($"{t.Count} epochs but {y.Count} values");
        for (int i = 0; i < t.Count; i++)
        {
            if (!(t[i] > 0) || !double.IsFinite(t[i])) throw new ArgumentException($"curve fit: t must be positive and finite, got {t[i]} at point {i}");
            if (!double.IsFinite(y[i])) throw new ArgumentException($"curve fit: value at point {i} is {y[i]}, not a finite number");
        }
        if (t.Count < 3) return null;
        double max = y.Max();
        if (!(max > 0)) return null;

        // Score every start, refine the few best.
        var starts = new List<(double Sse, double[] Theta)>();
        foreach (double scale in AScale)
            foreach (double b0 in BStart)
            {
                double a0 = scale * max;
                double c0 = StartC(t, y, a0, b0);
                if (!(c0 > 0) || !double.IsFinite(c0)) continue;
                double[] theta = [Math.Log(a0), Math.Log(b0), Math.Log(c0)];
                double sse = Sse(t, y, theta);
                if (double.IsFinite(sse)) starts.Add((sse, theta));
            }
        SaturatingCurveFit? best = null;
        foreach (var (_, theta) in starts.OrderBy(s => s.Sse).Take(RefinedStarts))
        {
            var fit = Refine(t, y, theta);
            if (fit is not null && (best is null || fit.SumOfSquares < best.SumOfSquares)) best = fit;
        }
        return best;
    }

    private static double StartC(IReadOnlyList<double> t, IReadOnlyList<double> y, double a, double b)
    {
        var cs = new List<double>();
        for (int i = 0; i < t.Count; i++)
            if (y[i] > 0 && y[i] < a) cs.Add(Math.Pow(t[i], b) / -Math.Log(1 - y[i] / a));
        if (cs.Count == 0) return double.NaN;
        cs.Sort();
        return cs[cs.Count / 2];
    }

    /// <summary>Levenberg–Marquardt from θ = (ln a, ln b, ln c).</summary>
    private static SaturatingCurveFit? Refine(IReadOnlyList<double> t, IReadOnlyList<double> y, double[] theta)
    {
        const int maxIterations = 300;
        int n = t.Count;
        double sse = Sse(t, y, theta);
        if (!double.IsFinite(sse)) return null;
        double lambda = 1e-3;
        var jac = new double[n, 3];
        var r = new double[n];
        int iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            // Residuals and Jacobian in θ: ∂f/∂ln a = f, ∂f/∂ln b = a e g b ln t, ∂f/∂ln c = −a e g (g = t^b / c, e = exp(−g)).
            double a = Math.Exp(theta[0]), b = Math.Exp(theta[1]), c = Math.Exp(theta[2]);
            for (int i = 0; i < n; i++)
            {
                double g = Math.Pow(t[i], b) / c, e = Math.Exp(-g), f = a * (1 - e);
                r[i] = f - y[i];
                jac[i, 0] = f;
                jac[i, 1] = a * e * g * b * Math.Log(t[i]);
                jac[i, 2] = -a * e * g;
            }
            var jtj = new double[3, 3];
            var jtr = new double[3];
            for (int i = 0; i < n; i++)
                for (int p = 0; p < 3; p++)
                {
                    jtr[p] += jac[i, p] * r[i];
                    for (int q = 0; q < 3; q++) jtj[p, q] += jac[i, p] * jac[i, q];
                }
            bool improved = false;
            while (lambda < 1e12)
            {
                var m = (double[,])jtj.Clone();
                for (int p = 0; p < 3; p++) m[p, p] += lambda * Math.Max(jtj[p, p], 1e-12);
                double[]? step = Solve3(m, [-jtr[0], -jtr[1], -jtr[2]]);
                if (step is not null)
                {
                    double[] next = [theta[0] + step[0], theta[1] + step[1], theta[2] + step[2]];
                    double nextSse = Sse(t, y, next);
                    if (double.IsFinite(nextSse) && nextSse < sse)
                    {
                        double gain = sse - nextSse;
                        theta = next;
                        sse = nextSse;
                        lambda = Math.Max(lambda / 10, 1e-12);
                        improved = true;
                        if (gain <= 1e-15 * Math.Max(sse, 1e-300) || Math.Abs(step[0]) + Math.Abs(step[1]) + Math.Abs(step[2]) < 1e-12)
                            return Result(theta, sse, iteration + 1);
                        break;
                    }
                }
                lambda *= 10;
            }
            if (!improved) break;   // no step lowers the sum of squares: a minimum
        }
        return Result(theta, sse, iteration);
    }

    private static SaturatingCurveFit Result(double[] theta, double sse, int iterations) =>
        new(new SaturatingCurve(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2])), sse, iterations);

    private static double Sse(IReadOnlyList<double> t, IReadOnlyList<double> y, double[] theta)
    {
        if (theta.Any(v => !(Math.Abs(v) < 50))) return double.NaN;   // keeps exp(θ) finite and meaningful
        double a = Math.Exp(theta[0]), b = Math.Exp(theta[1]), c = Math.Exp(theta[2]);
        double s = 0;
        for (int i = 0; i < t.Count; i++)
        {
            double d = a * (1 - Math.Exp(-Math.Pow(t[i], b) / c)) - y[i];
            s += d * d;
        }
        return s;
    }

    /// <summary>Solves the 3 x 3 system by Gaussian elimination with partial pivoting; null when singular.</summary>
    private static double[]? Solve3(double[,] m, double[] v)
    {
        for (int col = 0; col < 3; col++)
        {
            int pivot = col;
            for (int row = col + 1; row < 3; row++) if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            if (!(Math.Abs(m[pivot, col]) > 1e-300)) return null;
            if (pivot != col)
            {
                for (int k = 0; k < 3; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                (v[col], v[pivot]) = (v[pivot], v[col]);
            }
            for (int row = col + 1; row < 3; row++)
            {
                double factor = m[row, col] / m[col, col];
                for (int k = col; k < 3; k++) m[row, k] -= factor * m[col, k];
                v[row] -= factor * v[col];
            }
        }
        var x = new double[3];
        for (int row = 2; row >= 0; row--)
        {
            double s = v[row];
            for (int k = row + 1; k < 3; k++) s -= m[row, k] * x[k];
            x[row] = s / m[row, row];
        }
        return x.All(double.IsFinite) ? x : null;
    }
}
