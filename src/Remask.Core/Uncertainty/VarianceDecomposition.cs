namespace Remask.Core.Uncertainty;

/// <summary>
/// The law of total variance for a stack of V groups of K samples (group-major: sample v·K + k), per pixel:
/// Var(p) = E_v[Var_k(p | v)] + Var_v(E_k[p | v]). For test-time augmentation x Monte Carlo dropout the groups are the
/// augmented views: <see cref="WithinGroups"/> is the dropout (model, epistemic) part, <see cref="BetweenGroups"/> the
/// augmentation (data) part; their sum is <see cref="UncertaintyMaps.Epistemic"/> of the whole stack.
/// </summary>
public sealed record VarianceDecomposition(int Width, int Height, float[] WithinGroups, float[] BetweenGroups)
{
    /// <param name="stack">V·K x H x W probabilities.</param>
    /// <param name="groups">V, the number of groups (augmented views), at least 1.</param>
    /// <param name="perGroup">K, the samples per group (dropout passes), at least 1.</param>
    /// <param name="width">W.</param>
    /// <param name="height">H.</param>
    public static VarianceDecomposition Compute(ReadOnlySpan<float> stack, int groups, int perGroup, int width, int height)
    {
        if (groups < 1 || perGroup < 1) throw new ArgumentOutOfRangeException(nameof(groups), "at least one group of one sample");
        int plane = width * height;
        if (stack.Length != (long)groups * perGroup * plane)
            throw new ArgumentException($"the stack holds {stack.Length} values, expected {groups} x {perGroup} x {height} x {width}");
        var within = new float[plane];
        var between = new float[plane];
        var groupMeans = new double[groups];
        for (int i = 0; i < plane; i++)
        {
            double withinSum = 0, total = 0;
            for (int v = 0; v < groups; v++)
            {
                double sum = 0, sumSq = 0;
                for (int k = 0; k < perGroup; k++)
                {
                    double p = stack[(v * perGroup + k) * plane + i];
                    sum += p;
                    sumSq += p * p;
                }
                double m = sum / perGroup;
                groupMeans[v] = m;
                total += m;
                withinSum += Math.Max(0, sumSq / perGroup - m * m);
            }
            double grand = total / groups, b = 0;
            foreach (double m in groupMeans) b += (m - grand) * (m - grand);
            within[i] = (float)(withinSum / groups);
            between[i] = (float)(b / groups);
        }
        return new VarianceDecomposition(width, height, within, between);
    }
}
