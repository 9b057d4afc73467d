using Remask.Core.Imaging;

namespace Remask.Core.Metrics;

/// <summary>The scores of one predicted mask against its reference.</summary>
public sealed record MaskScores(
    string Name,
    double Dice,
    double IoU,
    double Precision,
    double Recall,
    double F1,
    double Hd95)
{
    /// <summary>
    /// The scores of <paramref name="prediction"/> against <paramref name="reference"/> (same size): the overlap scores
    /// of <see cref="ConfusionCounts"/> and the 95th-percentile Hausdorff distance in pixels
    /// (<see cref="SurfaceDistance.Hausdorff95"/>).
    /// </summary>
    public static MaskScores Of(string name, Mask prediction, Mask reference)
    {
        var counts = ConfusionCounts.Of(prediction, reference);
        return new MaskScores(name, counts.Dice, counts.IoU, counts.Precision, counts.Recall, counts.F1,
            SurfaceDistance.Hausdorff95(prediction, reference));
    }
}

/// <summary>
/// Means over a dataset. HD95 is infinite where exactly one of the two masks is empty; its mean is taken over the
/// finite values only and <see cref="InfiniteHd95"/> says how many were left out.
/// </summary>
public sealed record DatasetScores(int Count, double Dice, double IoU, double Precision, double Recall, double F1, double Hd95, int InfiniteHd95)
{
    /// <summary>
    /// The means of <paramref name="rows"/>' scores (HD95 over its finite values only, NaN when none is); NaN
    /// everywhere and <see cref="Count"/> 0 for no rows.
    /// </summary>
    public static DatasetScores Mean(IReadOnlyCollection<MaskScores> rows)
    {
        if (rows.Count == 0) return new DatasetScores(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var finite = rows.Where(r => double.IsFinite(r.Hd95)).Select(r => r.Hd95).ToList();
        return new DatasetScores(
            rows.Count,
            rows.Average(r => r.Dice),
            rows.Average(r => r.IoU),
            rows.Average(r => r.Precision),
            rows.Average(r => r.Recall),
            rows.Average(r => r.F1),
            finite.Count == 0 ? double.NaN : finite.Average(),
            rows.Count - finite.Count);
    }
}

/// <summary>Per-image AUROC of score maps against truth maps, and their mean over the images where it is defined.</summary>
public static class AurocSummary
{
    /// <summary>The mean of the per-image AUROCs that are defined (truth with both classes); NaN when none is.</summary>
    public static double MeanOver(IEnumerable<double> perImage)
    {
        var defined = perImage.Where(v => !double.IsNaN(v)).ToList();
        return defined.Count == 0 ? double.NaN : defined.Average();
    }
}
