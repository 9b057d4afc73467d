using Remask.Core.Imaging;
using Remask.Core.Metrics;

namespace Remask.Core.Relabeling;

/// <summary>What <see cref="CleanSubsetCheck"/> found: over <paramref name="Images"/> images of the clean subset, the mean
/// Dice of their labels and of their repaired masks with the clean masks, and whether the repair is kept.</summary>
public sealed record CleanSubsetVerdict(int Images, double DiceBefore, double DiceAfter, bool Kept);

/// <summary>
/// Checks a relabel pass against the images whose clean masks the user gave (<c>--clean-subset</c>): the repair is kept
/// unless it lowers their mean Dice with the clean masks,
/// <code>
///   before = (1/n) Σ_i Dice(y_i, c_i),   after = (1/n) Σ_i Dice(y'_i, c_i),   kept ⇔ after ≥ before
/// </code>
/// (y the label the pass read, y' its repair, c the clean mask; Dice of two empty masks is 1). Seen on synth-ct-hard:
/// fold models worse than nearly right labels repair them into worse ones, and no label-free measure tells that pass
/// apart (docs/relabeling.md, "tenth grid"); a few clean masks do. With no image, the repair is kept (nothing to judge).
/// </summary>
public static class CleanSubsetCheck
{
    /// <summary>
    /// Judges a pass on <paramref name="images"/>: for each, the label the pass read, its repair and the clean mask,
    /// all three of one size.
    /// </summary>
    /// <exception cref="ArgumentException">The three masks of an image differ in size.</exception>
    public static CleanSubsetVerdict Judge(IEnumerable<(Mask Label, Mask Repaired, Mask Clean)> images)
    {
        int n = 0;
        double before = 0, after = 0;
        foreach (var (label, repaired, clean) in images)
        {
            if (label.Width != clean.Width || label.Height != clean.Height || repaired.Width != clean.Width || repaired.Height != clean.Height)
                throw new ArgumentException($"clean-subset check: masks of {label.Width}x{label.Height}, {repaired.Width}x{repaired.Height} and {clean.Width}x{clean.Height} differ in size");
            before += ConfusionCounts.Of(label, clean).Dice;
            after += ConfusionCounts.Of(repaired, clean).Dice;
            n++;
        }
        if (n == 0) return new CleanSubsetVerdict(0, double.NaN, double.NaN, true);
        before /= n;
        after /= n;
        return new CleanSubsetVerdict(n, before, after, after >= before);
    }
}
