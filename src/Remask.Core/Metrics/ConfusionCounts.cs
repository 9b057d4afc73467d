using System.Numerics;
using System.Runtime.InteropServices;
using Remask.Core.Imaging;

namespace Remask.Core.Metrics;

/// <summary>
/// Pixel counts of a prediction against a reference: true positives, false positives, false negatives and
/// true negatives. Every overlap score is a ratio of these. A ratio whose denominator is 0 is 1 when both masks
/// are empty (nothing to find, nothing found) and 0 otherwise.
/// </summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>TP + FP + FN + TN: every pixel compared.</summary>
    public long Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>True when neither mask has foreground (TP = FP = FN = 0): every ratio is then 1.</summary>
    public bool BothEmpty => TruePositives == 0 && FalsePositives == 0 && FalseNegatives == 0;

    /// <summary>2 TP / (2 TP + FP + FN); equal to the pixel F1 score.</summary>
    public double Dice => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>TP / (TP + FP + FN), the Jaccard index.</summary>
    public double IoU => Ratio(TruePositives, TruePositives + FalsePositives + FalseNegatives);

    /// <summary>TP / (TP + FP): the share of predicted foreground that is right.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): the share of the reference foreground that was found.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall; the same number as <see cref="Dice"/>.</summary>
    public double F1 => Dice;

    private double Ratio(long numerator, long denominator) =>
        denominator == 0 ? (BothEmpty ? 1.0 : 0.0) : (double)numerator / denominator;

    /// <summary>
    /// Counts <paramref name="prediction"/>'s pixels against <paramref name="reference"/>'s; the masks must have the
    /// same size.
    /// </summary>
    public static ConfusionCounts Of(Mask prediction, Mask reference)
    {
        if (!prediction.SameSize(reference))
            throw new ArgumentException($"prediction is {prediction.Width}x{prediction.Height}, reference {reference.Width}x{reference.Height}");
        return Of(prediction.Pixels, reference.Pixels);
    }

    /// <summary>Counts over two 0/1 pixel arrays of the same length (other values are not allowed).</summary>
    public static ConfusionCounts Of(ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> reference)
    {
        if (prediction.Length != reference.Length) throw new ArgumentException("prediction and reference differ in length");
        // Pixels are 0 or 1, so the population count of 8 packed bytes counts their ones.
        long both = 0, predicted = 0, actual = 0;
        int words = prediction.Length / 8;
        ReadOnlySpan<ulong> p = MemoryMarshal.Cast<byte, ulong>(prediction[..(words * 8)]);
        ReadOnlySpan<ulong> r = MemoryMarshal.Cast<byte, ulong>(reference[..(words * 8)]);
        for (int i = 0; i < p.Length; i++)
        {
            both += BitOperations.PopCount(p[i] & r[i]);
            predicted += BitOperations.PopCount(p[i]);
            actual += BitOperations.PopCount(r[i]);
        }
        for (int i = words * 8; i < prediction.Length; i++)
        {
            both += prediction[i] & reference[i];
            predicted += prediction[i];
            actual += reference[i];
        }
        long fp = predicted - both, fn = actual - both;
        return new ConfusionCounts(both, fp, fn, prediction.Length - both - fp - fn);
    }
}
