using Remask.Core.Imaging;
using Remask.Core.Noise;
using Remask.Core.Relabeling;

namespace Remask.Core.Benchmarks;

/// <summary>
/// The per-mask operations of BENCHMARK.md section 6 as timed cases on <see cref="BenchMasks.Blobs"/>: label
/// noise (the paper's poly3, poly7 and smooth, <see cref="NoiseModels"/>) and the relabel post-processing (the paper's
/// flip U &gt; δ with δ = 0.2 plus hole filling, <see cref="Relabeler"/>) on maps that imitate a trained model
/// (<see cref="BenchMasks.SoftMaps"/>) and a poly7 label.
/// </summary>
internal static class MaskCases
{
    /// <summary>The noise models timed, by their command-line names.</summary>
    public static IReadOnlyList<string> NoiseNames { get; } = ["poly3", "poly7", "smooth"];

    /// <summary>One case per noise model: a noisy copy of the clean mask, a new seed each call.</summary>
    public static IReadOnlyList<PeerTiming.Case> Noise(Mask clean)
    {
        ulong seed = 0;
        return NoiseNames.Select(name =>
        {
            var noise = NoiseModels.Parse(name);
            return new PeerTiming.Case($"noise {name}", () => noise.Apply(clean, seed++));
        }).ToList();
    }

    /// <summary>The paper's relabel step on one mask: flip where U &gt; 0.2, then fill holes.</summary>
    public static PeerTiming.Case Relabel(Mask clean)
    {
        var label = new PolygonNoise(7).Apply(clean, 1).ToArray();
        var (p, u) = BenchMasks.SoftMaps(clean);
        var settings = RelabelSettings.Paper(0.2);
        return new PeerTiming.Case("relabel: flip + fill holes", () => Relabeler.Relabel(label, p, u, clean.Width, clean.Height, settings));
    }

    /// <summary>
    /// Snapping a repaired outline to the image's edges (<see cref="EdgeSnap"/>) at the reference size: a poly7 label,
    /// the soft maps, an image that is 0.7 inside the clean mask and 0.3 outside plus uniform noise of ± 0.1, and the
    /// default radius 2 and weight (<see cref="RelabelSettings.DefaultSnapWeight"/>) scaled from a 64-pixel training size (x <paramref name="scale"/>).
    /// </summary>
    public static PeerTiming.Case Snap(Mask clean, double scale = 8)
    {
        var (label, p, image, radius, weight) = SnapInputs(clean, scale);
        return new PeerTiming.Case("relabel: snap to edges", () => EdgeSnap.Snap(label, p, 0.5, image, radius, weight));
    }

    /// <summary>
    /// One image's <see cref="OutlineAlignment.Ratio"/> (its two contrasts and the snap it needs) on <see cref="Snap"/>'s
    /// inputs: what a relabel pass spends per sampled image to decide whether to snap every image.
    /// </summary>
    public static PeerTiming.Case Alignment(Mask clean, double scale = 8)
    {
        var (label, p, image, radius, weight) = SnapInputs(clean, scale);
        return new PeerTiming.Case("relabel: outline alignment", () => OutlineAlignment.Ratio(label, p, image, radius, weight));
    }

    private static (byte[] Label, float[] P, Image Image, int Radius, double Weight) SnapInputs(Mask clean, double scale)
    {
        var label = new PolygonNoise(7).Apply(clean, 1).ToArray();
        var (p, _) = BenchMasks.SoftMaps(clean);
        var random = new Random(1);
        var data = new float[clean.Length];
        for (int i = 0; i < data.Length; i++) data[i] = (clean.Pixels[i] != 0 ? 0.7f : 0.3f) + (float)(random.NextDouble() - 0.5) * 0.2f;
        return (label, p, new Image(clean.Width, clean.Height, 1, data), (int)Math.Round(2 * scale), RelabelSettings.DefaultSnapWeight * scale);
    }

    /// <summary>
    /// The appearance check (<see cref="AppearanceCheck"/>) at the reference size: a poly7 label repaired to the clean
    /// mask, on an RGB image that is (0.45, 0.30, 0.25) inside the clean mask and (0.85, 0.65, 0.60) outside plus
    /// uniform noise of ± 0.1 per channel, z = 2.
    /// </summary>
    public static PeerTiming.Case Appearance(Mask clean)
    {
        var label = new PolygonNoise(7).Apply(clean, 1).ToArray();
        byte[] repaired = clean.ToArray();
        var random = new Random(1);
        float[] inside = [0.45f, 0.30f, 0.25f], outside = [0.85f, 0.65f, 0.60f];
        var data = new float[3 * clean.Length];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < clean.Length; i++)
                data[c * clean.Length + i] = (clean.Pixels[i] != 0 ? inside[c] : outside[c]) + (float)(random.NextDouble() - 0.5) * 0.2f;
        var image = new Image(clean.Width, clean.Height, 3, data);
        return new PeerTiming.Case("relabel: appearance check", () => AppearanceCheck.Apply(label, repaired, image, 2));
    }
}
