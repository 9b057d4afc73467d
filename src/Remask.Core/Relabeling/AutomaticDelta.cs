using System.Globalization;

namespace Remask.Core.Relabeling;

/// <summary>A threshold δ and, when it cannot flip anything, a warning to show the user.</summary>
/// <param name="Delta">The threshold; pixels flip where U &gt; δ. +∞ when no value lies above ε.</param>
/// <param name="Warning">Null, or one line saying why δ flips nothing.</param>
public sealed record DeltaChoice(double Delta, string? Warning);

/// <summary>
/// Chooses the uncertainty threshold δ automatically from the values U &gt; ε of an uncertainty map (pixels with
/// U ≤ ε, the confident background and interior, would swamp any histogram):
/// <list type="bullet">
/// <item><see cref="DeltaRule.Otsu"/>: 256 equal bins over [min, max] of those values; with w₀(k), w₁(k) the pixel counts
/// of bins ≤ k and &gt; k and μ₀(k), μ₁(k) their mean bin centres, δ = centre of the bin k maximising the
/// between-class variance w₀ w₁ (μ₀ − μ₁)² (the same numbers as <c>skimage.filters.threshold_otsu</c>).</item>
/// <item><see cref="DeltaRule.Quantile"/>: δ = Q(q), the q-quantile with linear interpolation between order statistics
/// (<c>numpy.quantile</c>, method "linear"), so that about a share 1 − q of the uncertain pixels flip.</item>
/// </list>
/// To pick one δ for a whole dataset, concatenate the maps of a sample of images and call these once.
/// Aleatoric uncertainty p(1 − p) never exceeds 0.25, so δ ≥ 0.25 flips nothing: <see cref="Choose"/> warns.
/// </summary>
public static class AutomaticDelta
{
    /// <summary>Values at or below this are left out of the histogram and the quantile.</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>Largest aleatoric uncertainty p(1 − p) (at p = 0.5).</summary>
    public const double AleatoricCeiling = 0.25;

    /// <summary>
    /// δ by <paramref name="rule"/> from the values of <paramref name="uncertainty"/> above <paramref name="epsilon"/>,
    /// with a warning when δ ≥ <paramref name="ceiling"/> (the largest value U can take) or no value lies above ε.
    /// </summary>
    public static DeltaChoice Choose(ReadOnlySpan<float> uncertainty, DeltaRule rule, double quantile = 0.9,
        double epsilon = DefaultEpsilon, double ceiling = AleatoricCeiling)
    {
        double[] values = Above(uncertainty, epsilon);
        if (values.Length == 0)
            return new DeltaChoice(double.PositiveInfinity, Invariant($"no uncertainty above {epsilon}: nothing to flip"));
        double delta = rule switch
        {
            DeltaRule.Otsu => Otsu(values),
            DeltaRule.Quantile => Quantile(values, quantile),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown δ rule"),
        };
        return new DeltaChoice(delta, WarningFor(delta, ceiling));
    }

    /// <summary>The warning for a given δ: null unless δ ≥ <paramref name="ceiling"/>, where U &gt; δ can never hold.</summary>
    public static string? WarningFor(double delta, double ceiling = AleatoricCeiling) =>
        delta >= ceiling
            ? Invariant($"δ = {delta:G4} ≥ {ceiling:G4}, the largest value the uncertainty can take (aleatoric U = p(1 - p) ≤ 0.25): no pixel will flip")
            : null;

    /// <summary>Otsu's threshold of <paramref name="values"/> with <paramref name="bins"/> equal bins over [min, max]; the value itself when all are equal.</summary>
    public static double Otsu(ReadOnlySpan<double> values, int bins = 256)
    {
        if (values.IsEmpty) throw new ArgumentException("Otsu's threshold needs at least one value");
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "Otsu's threshold needs at least 2 bins");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsNaN(v)) throw new ArgumentException("Otsu's threshold: values must not be NaN");
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min == max) return min;

        // Bin edges as numpy.linspace(min, max, bins + 1); bin of v as numpy.histogram (edges decide, last bin closed).
        var edges = new double[bins + 1];
        double step = (max - min) / bins;
        for (int i = 0; i < bins; i++) edges[i] = i * step + min;
        edges[bins] = max;
        var count = new long[bins];
        double norm = bins / (max - min);
        foreach (double v in values)
        {
            int k = (int)((v - min) * norm);
            if (k >= bins) k = bins - 1;
            if (v < edges[k]) k--;
            else if (k < bins - 1 && v >= edges[k + 1]) k++;
            count[k]++;
        }
        var centre = new double[bins];
        for (int i = 0; i < bins; i++) centre[i] = (edges[i] + edges[i + 1]) / 2;

        // Cumulative weights and means from the left (class 0 = bins ≤ k) and the right (class 1 = bins > k).
        var w0 = new double[bins];
        var m0 = new double[bins];
        double w = 0, s = 0;
        for (int i = 0; i < bins; i++)
        {
            w += count[i];
            s += count[i] * centre[i];
            w0[i] = w;
            m0[i] = s / w;
        }
        var w1 = new double[bins];
        var m1 = new double[bins];
        w = 0;
        s = 0;
        for (int i = bins - 1; i >= 0; i--)
        {
            w += count[i];
            s += count[i] * centre[i];
            w1[i] = w;
            m1[i] = s / w;
        }
        int best = 0;
        double bestVariance = double.NegativeInfinity;
        for (int k = 0; k < bins - 1; k++)
        {
            // Neither class is ever empty: the first bin holds the minimum, the last the maximum.
            double d = m0[k] - m1[k + 1];
            double variance = w0[k] * w1[k + 1] * d * d;
            if (variance > bestVariance) { bestVariance = variance; best = k; }
        }
        return centre[best];
    }

    /// <summary>
    /// The q-quantile of <paramref name="values"/> with linear interpolation (numpy's default): position q (n − 1) in
    /// sorted order, found by selection (linear time) rather than a full sort.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> values, double q)
    {
        if (values.IsEmpty) throw new ArgumentException("a quantile needs at least one value");
        if (!(q >= 0 && q <= 1)) throw new RemaskUsageException(Invariant($"the δ quantile must lie in [0, 1], got {q}"));
        foreach (double v in values) if (double.IsNaN(v)) throw new ArgumentException("a quantile: values must not be NaN");
        var work = values.ToArray();
        double position = q * (work.Length - 1);
        int lo = (int)Math.Floor(position);
        double below = Select(work, lo);
        if (lo == work.Length - 1) return below;
        // After selection every element right of lo is ≥ the lo-th; the next order statistic is their minimum.
        double above = double.PositiveInfinity;
        for (int i = lo + 1; i < work.Length; i++) if (work[i] < above) above = work[i];
        double t = position - lo;
        return below + t * (above - below);
    }

    /// <summary>The k-th smallest element (0-based); reorders <paramref name="a"/> so that a[k] holds it, smaller ones left, larger right.</summary>
    private static double Select(double[] a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (right > left)
        {
            // Median of three as pivot, then a three-way partition (many equal values are common in uncertainty maps).
            int mid = left + (right - left) / 2;
            double pivot = Median(a[left], a[mid], a[right]);
            int lt = left, i = left, gt = right;
            while (i <= gt)
            {
                double v = a[i];
                if (v < pivot)
                {
                    a[i] = a[lt];
                    a[lt] = v;
                    lt++;
                    i++;
                }
                else if (v > pivot)
                {
                    a[i] = a[gt];
                    a[gt] = v;
                    gt--;
                }
                else i++;
            }
            if (k < lt) right = lt - 1;
            else if (k > gt) left = gt + 1;
            else return pivot;
        }
        return a[k];
    }

    private static double Median(double a, double b, double c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>The values above <paramref name="epsilon"/>, widened to double; NaN or values outside [0, 1] throw.</summary>
    public static double[] Above(ReadOnlySpan<float> uncertainty, double epsilon = DefaultEpsilon)
    {
        int bad = RelabelInput.FirstOutsideUnit(uncertainty);
        if (bad >= 0) throw new ArgumentException(Invariant($"uncertainty value {uncertainty[bad]} at index {bad} is outside [0, 1]"));
        int n = 0;
        foreach (float u in uncertainty) if (u > epsilon) n++;
        var values = new double[n];
        n = 0;
        foreach (float u in uncertainty) if (u > epsilon) values[n++] = u;
        return values;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
