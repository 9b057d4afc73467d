namespace Remask.Core.Uncertainty;

/// <summary>
/// The paper's epoch rule reads these (section 3.2): the cumulative uncertainty of an image, ΣU = Σ_pixels U
/// (summed over the H x W map), its mean over the images of a dataset, and the relative change of that mean
/// between consecutive epochs, ΔΣU_e = (ΣU_e - ΣU_{e-1}) / ΣU_{e-1}.
/// </summary>
public static class CumulativeUncertainty
{
    /// <summary>Σ over the pixels of one map, in double precision.</summary>
    public static double Sum(ReadOnlySpan<float> map)
    {
        double s = 0;
        foreach (float v in map) s += v;
        return s;
    }

    /// <summary>The mean of per-image sums over a dataset; NaN for no images.</summary>
    public static double DatasetMean(IReadOnlyList<double> perImageSums)
    {
        if (perImageSums.Count == 0) return double.NaN;
        double s = 0;
        foreach (double v in perImageSums) s += v;
        return s / perImageSums.Count;
    }

    /// <summary>(current - previous) / previous; NaN when previous is 0 or not finite (no change can be stated).</summary>
    public static double RelativeChange(double previous, double current)
    {
        if (previous == 0 || !double.IsFinite(previous) || !double.IsFinite(current)) return double.NaN;
        return (current - previous) / previous;
    }

    /// <summary>ΔΣU for a series of dataset means (one per epoch): element e is the change from epoch e-1 to e, element 0 is NaN.</summary>
    public static double[] RelativeChanges(IReadOnlyList<double> means)
    {
        var r = new double[means.Count];
        for (int e = 0; e < means.Count; e++) r[e] = e == 0 ? double.NaN : RelativeChange(means[e - 1], means[e]);
        return r;
    }
}
