using Remask.Core.Imaging;

namespace Remask.Core.Relabeling;

/// <summary>
/// Whether a set's labels follow the image's edges or cut across them: the relabel pass's decision to snap every
/// image to the edges (<see cref="EdgeSnap"/>), not only those whose label the model finds wrong by a region.
/// <para>
/// Seen on the standard sets (docs/relabeling.md, "Snapping every image"): light polygon noise (poly7) leaves
/// slivers too thin for the region policy, so most images were not snapped; snapping every image took the repaired
/// masks from 95.3 to 98.6 Dice (synth-derm, noisy 93.3) and from 94.1 to 96.7 (synth-ct, noisy 93.6). On smooth noise
/// the labels already follow the object, and snapping every image cost synth-ct's masks 0.8 points: its image has other
/// edges (neighbouring organs) within the band. The labels themselves tell the two apart: a polygon's chords cross the
/// object's edge, a smooth outline runs along it.
/// </para>
/// For one image, with β as in <see cref="EdgeSnap"/> (1 / (2 mean ‖I(x) − I(y)‖²) over all 4-neighbour pairs):
/// <code>
///   contrast(m) = mean over 4-neighbour pairs (x, y) with m(x) ≠ m(y) of β ‖I(x) − I(y)‖²
///   ratio       = contrast(y) / contrast(snap(y))      snap(y): EdgeSnap.Snap of the label at level 0.5
/// </code>
/// The label's outline carries ratio times the contrast of the edges the snap finds beside it. The pass snaps every
/// image when the median ratio over a sample of its images (<see cref="SampleSize"/>) is below
/// <see cref="RelabelSettings.SnapAlignment"/> (0.45). Medians the passes of the ninth grid measured: poly7 0.30-0.36,
/// smooth 0.55-0.79 on the standard sets.
/// Inputs are row-major, width x height; the image is planar (channel, row, column).
/// </summary>
public static class OutlineAlignment
{
    /// <summary>How many images of a pass the decision is measured on (all of them when the pass has fewer).</summary>
    public const int SampleSize = 64;

    /// <summary>contrast(m): the mean normalised squared colour step across the mask's outline; NaN when the mask has
    /// no outline (empty or full).</summary>
    public static double Contrast(ReadOnlySpan<byte> mask, Image image) => Contrast(mask, image, EdgeSnap.Beta(image));

    /// <summary><see cref="Contrast(ReadOnlySpan{byte}, Image)"/> with the image's β already computed.</summary>
    private static double Contrast(ReadOnlySpan<byte> mask, Image image, double beta)
    {
        int width = image.Width, height = image.Height;
        RelabelInput.CheckLabel(mask, width, height);
        double sum = 0;
        long pairs = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (x + 1 < width && mask[i] != mask[i + 1]) { sum += beta * EdgeSnap.Distance(image, i, i + 1); pairs++; }
                if (y + 1 < height && mask[i] != mask[i + width]) { sum += beta * EdgeSnap.Distance(image, i, i + width); pairs++; }
            }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    /// <summary>contrast(y) / contrast(snap(y)) for one label, snapped with band radius <paramref name="radius"/> and weight
    /// <paramref name="weight"/> (at the image's size); null where either outline is missing or the snapped one is flat.</summary>
    public static double? Ratio(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, Image image, int radius, double weight)
    {
        double beta = EdgeSnap.Beta(image);
        double before = Contrast(label, image, beta);
        if (double.IsNaN(before)) return null;
        double after = Contrast(EdgeSnap.Snap(label, meanProb, 0.5, image, radius, weight), image, beta);
        return double.IsNaN(after) || after <= 0 ? null : before / after;
    }

    /// <summary>The median of the ratios (the mean of the middle two for an even count); null for none.</summary>
    public static double? Median(IReadOnlyCollection<double> ratios)
    {
        if (ratios.Count == 0) return null;
        double[] sorted = ratios.Order().ToArray();
        int h = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    /// <summary>Up to <paramref name="count"/> indices spread evenly over 0..<paramref name="total"/> − 1 (all of them when
    /// there are no more): index ⌊(j + ½) total / count⌋ for j = 0..count − 1.</summary>
    public static int[] SampleIndices(int total, int count)
    {
        if (total < 0 || count < 0) throw new ArgumentOutOfRangeException(total < 0 ? nameof(total) : nameof(count), "must be 0 or more");
        if (total <= count) return Enumerable.Range(0, total).ToArray();
        return Enumerable.Range(0, count).Select(j => (int)((j + 0.5) * total / count)).ToArray();
    }
}
