namespace Remask.Core.Metrics;

/// <summary>
/// The exact area under the ROC curve of a score map as a detector of a binary truth map: the probability that a
/// random positive pixel scores higher than a random negative one, ties counting one half (the Mann-Whitney U
/// statistic with mid-ranks, as <c>sklearn.metrics.roc_auc_score</c>). NaN when the truth has only one class.
/// </summary>
public static class Auroc
{
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<byte> truth)
    {
        if (scores.Length != truth.Length) throw new ArgumentException($"{scores.Length} scores but {truth.Length} truth values");
        long positives = 0;
        foreach (byte t in truth) if (t != 0) positives++;
        long negatives = truth.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;

        var keys = scores.ToArray();
        foreach (float s in keys)
            if (float.IsNaN(s)) throw new ArgumentException("scores must not be NaN");
        var labels = truth.ToArray();
        Array.Sort(keys, labels);

        // Sum of the (mid-)ranks of the positives, 1-based.
        double rankSum = 0;
        int i = 0;
        while (i < keys.Length)
        {
            int j = i + 1;
            while (j < keys.Length && keys[j] == keys[i]) j++;
            long positivesInTie = 0;
            for (int t = i; t < j; t++) if (labels[t] != 0) positivesInTie++;
            double midRank = (i + 1 + j) / 2.0;   // mean of ranks i+1 .. j
            rankSum += positivesInTie * midRank;
            i = j;
        }
        double u = rankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
