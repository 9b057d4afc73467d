namespace Remask.Core.Metrics;

/// <summary>
/// The exact area under the ROC curve of a score map as a detector of a binary truth map: the probability that a
/// random positive pixel scores higher than a random negative one, ties counting one half (the Mann-Whitney U
/// statistic with mid-ranks, as <c>sklearn.metrics.roc_auc_score</c>). NaN when the truth has only one class.
/// The scores of each class are radix-sorted and the two sorted lists merged, so the cost is linear in the pixels.
/// </summary>
public static class Auroc
{
    /// <summary>
    /// The AUROC of <paramref name="scores"/> as a detector of the non-zero pixels of <paramref name="truth"/> (same
    /// length): U / (positives · negatives), in [0, 1]; NaN when the truth has only one class.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN.</exception>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<byte> truth)
    {
        if (scores.Length != truth.Length) throw new ArgumentException($"{scores.Length} scores but {truth.Length} truth values");
        int positives = 0;
        foreach (byte t in truth) if (t != 0) positives++;
        int negatives = truth.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;

        var pos = new uint[positives];
        var neg = new uint[negatives];
        int ip = 0, ineg = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float s = scores[i];
            if (float.IsNaN(s)) throw new ArgumentException("scores must not be NaN");
            uint key = OrderedKey(s);
            if (truth[i] != 0) pos[ip++] = key; else neg[ineg++] = key;
        }
        RadixSort(pos);
        RadixSort(neg);

        // U = sum over positives of (negatives below it) + (negatives equal to it) / 2.
        double u = 0;
        int below = 0, notAbove = 0;
        foreach (uint p in pos)
        {
            while (below < neg.Length && neg[below] < p) below++;
            if (notAbove < below) notAbove = below;
            while (notAbove < neg.Length && neg[notAbove] <= p) notAbove++;
            u += below + 0.5 * (notAbove - below);
        }
        return u / ((double)positives * negatives);
    }

    /// <summary>An unsigned key with the same order as the float (-0 and +0 equal).</summary>
    internal static uint OrderedKey(float value)
    {
        if (value == 0) value = 0;   // -0 -> +0
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
    }

    /// <summary>LSD radix sort, 8 bits per pass; a pass where every key has the same byte is skipped.</summary>
    internal static void RadixSort(uint[] keys)
    {
        var buffer = new uint[keys.Length];
        uint[] from = keys, to = buffer;
        Span<int> count = stackalloc int[256];
        for (int shift = 0; shift < 32; shift += 8)
        {
            count.Clear();
            foreach (uint k in from) count[(int)((k >> shift) & 0xFF)]++;
            if (count[(int)((from[0] >> shift) & 0xFF)] == from.Length) continue;
            int sum = 0;
            for (int b = 0; b < 256; b++) { int c = count[b]; count[b] = sum; sum += c; }
            foreach (uint k in from) to[count[(int)((k >> shift) & 0xFF)]++] = k;
            (from, to) = (to, from);
        }
        if (!ReferenceEquals(from, keys)) Array.Copy(from, keys, keys.Length);
    }
}
