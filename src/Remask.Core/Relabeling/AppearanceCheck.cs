using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// Undoes the changes of a relabel that the image itself contradicts: a region added to the foreground that looks like
/// this image's background, or a region removed from it that looks like its foreground. The model that proposed the
/// change is not asked again; the image's own colours are (the region term of Chan-Vese and of GrabCut's colour models).
/// <para>
/// Seen on the hard synthetic sets (docs/relabeling.md, "Checking changes against the image"): fold models stopped
/// after a few epochs are weaker than nearly right masks and grow them by a ring of skin or soft tissue. Most of that
/// ring has the colour of the background around it, which a model trained on a few hundred images had not yet learnt.
/// </para>
/// <code>
///   F = erode(y ∧ y', 1),  B = erode(¬y ∧ ¬y', 2)         (y the mask before, y' after; disks, outside counts as inside)
///   N_F = N(μ_F, Σ_F + εI),  N_B = N(μ_B, Σ_B + εI)        (maximum-likelihood Gaussians over the image's C channels)
///   ε = 10⁻³ · mean_c Var(I_c) + 10⁻¹²                     (the whole image's variance per channel)
///   λ(x) = ln N_F(I(x)) − ln N_B(I(x))                      (log-likelihood ratio: foreground &gt; 0)
///   for each 4-connected component K of y' ∧ ¬y (s = +1) and of y ∧ ¬y' (s = −1):
///     v = tanh(s λ / 2) over K                               (= 2 P(the side K was given to | I(x)) − 1, equal priors)
///     m = mean v,  se = sd(v) / √|K|  (∞ for one pixel)
///     undo K (y'(K) = y(K)) when m &lt; 0 and −m &gt; z · se
/// </code>
/// <para>
/// Each pixel casts a bounded vote v in (−1, 1), not its log-likelihood ratio: a few pixels far from both colour
/// models (the black corner of a dermoscope's vignette that a repaired lesion leaks into) would otherwise outweigh the
/// hundreds of lesion pixels of the same component and take a right repair back with the leak.
/// A change is undone only when its pixels look significantly (z standard errors; 2 by default) more like the side it
/// took them from. Where foreground and background have the same colours, λ is near 0 everywhere and nothing is undone:
/// the check can only take back changes, never make new ones. Neighbouring pixels are correlated, so the standard
/// error is too small and z is a loose bar, not a test level. Erosion keeps the blurred pixels of the outline out of
/// the two samples. With fewer than <see cref="MinSample"/> pixels in F or B the image is left as it is.
/// </para>
/// </summary>
public static class AppearanceCheck
{
    /// <summary>The fewest pixels each of the two colour samples needs.</summary>
    public const int MinSample = 10;

    /// <summary>Erosion radii of the foreground and background samples (pixels).</summary>
    public const int ForegroundErosion = 1, BackgroundErosion = 2;

    /// <summary>
    /// <paramref name="after"/> with the changes from <paramref name="before"/> that the image contradicts set back, and
    /// how many pixels that set back. Masks are 0/1, row-major, of the image's size; the image is planar.
    /// </summary>
    public static (byte[] Mask, int Undone) Apply(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, Image image, double z)
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height, n = width * height;
        RelabelInput.CheckLabel(before, width, height);
        RelabelInput.CheckLabel(after, width, height);
        if (!(z >= 0) || double.IsInfinity(z)) throw new ArgumentOutOfRangeException(nameof(z), $"z must be finite and 0 or more, got {z}");
        var result = after.ToArray();
        var added = new byte[n];
        var removed = new byte[n];
        var keptIn = new byte[n];
        var keptOut = new byte[n];
        bool changed = false;
        for (int i = 0; i < n; i++)
        {
            added[i] = (byte)(after[i] & (1 - before[i]));
            removed[i] = (byte)(before[i] & (1 - after[i]));
            keptIn[i] = (byte)(before[i] & after[i]);
            keptOut[i] = (byte)((1 - before[i]) & (1 - after[i]));
            changed |= added[i] != 0 || removed[i] != 0;
        }
        if (!changed) return (result, 0);
        var foregroundSample = new byte[n];
        var backgroundSample = new byte[n];
        DiskMorphology.Erode(keptIn, width, height, ForegroundErosion, foregroundSample);
        DiskMorphology.Erode(keptOut, width, height, BackgroundErosion, backgroundSample);
        double ridge = Ridge(image);
        if (ColourModel.Fit(image, foregroundSample, ridge, MinSample) is not { } foreground
            || ColourModel.Fit(image, backgroundSample, ridge, MinSample) is not { } background)
            return (result, 0);

        int undone = 0;
        var pixel = new double[image.Channels];
        foreach (var (set, sign) in new[] { (added, 1.0), (removed, -1.0) })
        {
            var components = ConnectedComponents.Label(set, width, height, Connectivity.Four);
            int count = components.Count;
            if (count == 0) continue;
            var sum = new double[count + 1];
            var sumSquares = new double[count + 1];
            var size = new int[count + 1];
            ReadOnlySpan<int> labels = components.Labels;
            for (int i = 0; i < n; i++)
            {
                int k = labels[i];
                if (k == 0) continue;
                image.ReadPixel(i, pixel);
                double v = Math.Tanh(sign * (foreground.LogDensity(pixel) - background.LogDensity(pixel)) / 2);
                sum[k] += v;
                sumSquares[k] += v * v;
                size[k]++;
            }
            var undo = new bool[count + 1];
            for (int k = 1; k <= count; k++)
            {
                double mean = sum[k] / size[k];
                double variance = Math.Max(0, sumSquares[k] / size[k] - mean * mean);
                double se = size[k] > 1 ? Math.Sqrt(variance / size[k]) : double.PositiveInfinity;
                undo[k] = mean < 0 && -mean > z * se;
            }
            for (int i = 0; i < n; i++)
                if (undo[labels[i]])
                {
                    result[i] = before[i];
                    undone++;
                }
        }
        return (result, undone);
    }

    /// <summary>ε = 10⁻³ · the mean over channels of the image's variance, + 10⁻¹² (a flat image).</summary>
    internal static double Ridge(Image image)
    {
        int n = image.Width * image.Height;
        double total = 0;
        for (int c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> plane = image.Plane(c);
            double sum = 0, squares = 0;
            foreach (float v in plane) { sum += v; squares += (double)v * v; }
            double mean = sum / n;
            total += Math.Max(0, squares / n - mean * mean);
        }
        return 1e-3 * total / image.Channels + 1e-12;
    }
}
