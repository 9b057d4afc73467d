namespace Remask.Core.Relabeling;

/// <summary>How <see cref="AutomaticDelta"/> picks the uncertainty threshold δ from an uncertainty map (or a sample of maps).</summary>
public enum DeltaRule
{
    /// <summary>Otsu's threshold of the histogram of the values above ε (256 bins, as <c>skimage.filters.threshold_otsu</c>).</summary>
    Otsu,

    /// <summary>The q-quantile of the values above ε (linear interpolation, as <c>numpy.quantile</c>'s default).</summary>
    Quantile,
}
