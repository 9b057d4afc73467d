namespace Remask.Torch.Training;

/// <summary>Dice of binary masks, as the paper's Table 1 reports it (computed per image, averaged, in percent by the caller).</summary>
public static class DiceScore
{
    /// <summary>2 |A and B| / (|A| + |B|), with A = (probability &gt;= threshold) and B = (reference != 0);
    /// 1 when both are empty.</summary>
    public static double Of(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> reference, double threshold = 0.5)
    {
        if (probabilities.Length != reference.Length) throw new ArgumentException("prediction and reference differ in size");
        long both = 0, a = 0, b = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            bool p = probabilities[i] >= threshold, r = reference[i] != 0;
            if (p) a++;
            if (r) b++;
            if (p && r) both++;
        }
        return a + b == 0 ? 1.0 : 2.0 * both / (a + b);
    }
}
