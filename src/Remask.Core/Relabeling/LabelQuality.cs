using System.Globalization;
using Remask.Core.Metrics;

namespace Remask.Core.Relabeling;

/// <summary>Weights of the parts of <see cref="LabelQuality"/>'s combined score, and the scale of the uncertainty part.</summary>
/// <param name="Uncertainty">w_U, weight of the outline uncertainty.</param>
/// <param name="Flips">w_F, weight of the flip share.</param>
/// <param name="Disagreement">w_D, weight of 1 − Dice(y, ŷ).</param>
/// <param name="UncertaintyScale">U_max: the outline uncertainty is divided by it (0.25, the largest aleatoric value).</param>
public sealed record LabelQualityWeights(double Uncertainty = 1, double Flips = 1, double Disagreement = 1, double UncertaintyScale = 0.25)
{
    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: a negative weight, all weights 0, or a scale
    /// that is not positive.
    /// </summary>
    public void Validate()
    {
        if (!(Uncertainty >= 0 && Flips >= 0 && Disagreement >= 0) || !(Uncertainty + Flips + Disagreement > 0))
            throw new RemaskUsageException("label-quality weights must be 0 or more and not all 0");
        if (!(UncertaintyScale > 0))
            throw new RemaskUsageException(string.Create(CultureInfo.InvariantCulture, $"the label-quality uncertainty scale must be positive, got {UncertaintyScale}"));
    }
}

/// <summary>One image's label-quality parts and combined score (higher = more likely wrong).</summary>
/// <param name="OutlineUncertainty">Ū_∂: mean U over the <see cref="Outline"/> pixels of the label (0 when the label has no outline).</param>
/// <param name="FlipShare">s = flipped pixels / |y ∪ ŷ| (0 when both are empty; may exceed 1).</param>
/// <param name="Dice">Dice(y, ŷ), ŷ = [p ≥ 0.5].</param>
/// <param name="Score">The combined score in [0, 1] (<see cref="LabelQuality"/>).</param>
public sealed record LabelQualityScore(double OutlineUncertainty, double FlipShare, double Dice, double Score);

/// <summary>
/// How likely an image's label is wrong, for <c>label-quality.csv</c> (ranked worst first: the file an expert opens first).
/// Parts: Ū_∂ the mean uncertainty along the label outline, s the share of pixels flipped, and Dice(y, ŷ). Combined:
/// <code>
/// score = ( w_U · min(1, Ū_∂ / U_max) + w_F · min(1, s) + w_D · (1 − Dice(y, ŷ)) ) / (w_U + w_F + w_D)
/// </code>
/// in [0, 1], each part in [0, 1]; defaults w_U = w_F = w_D = 1, U_max = 0.25 (<see cref="LabelQualityWeights"/>).
/// Inputs row-major, width x height: label y (0/1), mean probability p, uncertainty U.
/// </summary>
public static class LabelQuality
{
    /// <summary>The label-quality parts and combined score of one image (formula above).</summary>
    /// <param name="label">The label y: width x height, row-major, 0 or 1.</param>
    /// <param name="meanProb">The mean foreground probability p, in [0, 1], same layout.</param>
    /// <param name="uncertainty">The uncertainty map U whose mean along the label outline is Ū_∂, same layout.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="flipped">How many pixels the relabel flipped or proposed to flip (<see cref="RelabelOutcome.Flipped"/>).</param>
    /// <param name="weights">The weights and U_max; null: the defaults (<see cref="LabelQualityWeights"/>).</param>
    public static LabelQualityScore Of(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, int flipped, LabelQualityWeights? weights = null)
    {
        weights ??= new LabelQualityWeights();
        weights.Validate();
        RelabelInput.Check(label, meanProb, uncertainty, width, height);
        if (flipped < 0 || flipped > label.Length) throw new ArgumentOutOfRangeException(nameof(flipped), flipped, "flipped pixels must lie in [0, pixels]");

        byte[] outline = Outline.Of(label, width, height);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < outline.Length; i++)
        {
            if (outline[i] == 0) continue;
            sum += uncertainty[i];
            count++;
        }
        double outlineU = count == 0 ? 0 : sum / count;

        var counts = RelabelGuard.AgainstPrediction(label, meanProb);
        long union = counts.TruePositives + counts.FalsePositives + counts.FalseNegatives;
        double share = union == 0 ? 0 : (double)flipped / union;
        double dice = counts.Dice;

        double score = (weights.Uncertainty * Math.Min(1, outlineU / weights.UncertaintyScale)
            + weights.Flips * Math.Min(1, share)
            + weights.Disagreement * (1 - dice)) / (weights.Uncertainty + weights.Flips + weights.Disagreement);
        return new LabelQualityScore(outlineU, share, dice, score);
    }

    /// <summary>The images ordered worst first: by score, descending, then by name (ordinal) for equal scores.</summary>
    public static IReadOnlyList<(string Name, LabelQualityScore Quality)> RankWorstFirst(IEnumerable<(string Name, LabelQualityScore Quality)> images) =>
        images.OrderByDescending(r => r.Quality.Score).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
}
