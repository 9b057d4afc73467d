using Remask.Core.Imaging;
using Remask.Core.Metrics;

namespace Remask.Core.Uncertainty;

/// <summary>
/// How well uncertainty maps find wrongly labeled pixels (noisy XOR clean, BENCHMARK.md section 5): the pixel AUROC
/// of each map as a detector, per image (exact, NaN when the image has no wrong pixel or only wrong ones) and pooled
/// over all images added so far (<see cref="HistogramAuroc"/> on the 16-bit quantised map, constant memory).
/// </summary>
public sealed class WrongLabelDetection
{
    /// <summary>The maps scored, with the upper end of their range (for the quantisation).</summary>
    public static IReadOnlyList<(UncertaintyKind Kind, float Max)> Detectors { get; } =
    [
        (UncertaintyKind.Aleatoric, 0.25f), (UncertaintyKind.Epistemic, 0.25f),
        (UncertaintyKind.Entropy, MathF.Log(2)), (UncertaintyKind.MutualInformation, MathF.Log(2)),
    ];

    private readonly HistogramAuroc[] _pooled = Detectors.Select(d => new HistogramAuroc(d.Max)).ToArray();

    /// <summary>Pixels of all the images added so far.</summary>
    public long Pixels { get; private set; }
    /// <summary>Wrong-label pixels (noisy XOR clean) among <see cref="Pixels"/>.</summary>
    public long WrongPixels { get; private set; }

    /// <summary>The wrong-label map: 1 where the noisy and clean masks differ.</summary>
    public static byte[] WrongLabels(Mask noisy, Mask clean)
    {
        if (noisy.Width != clean.Width || noisy.Height != clean.Height)
            throw new ArgumentException($"noisy mask is {noisy.Width}x{noisy.Height}, clean mask {clean.Width}x{clean.Height}");
        ReadOnlySpan<byte> a = noisy.Pixels, b = clean.Pixels;
        var wrong = new byte[a.Length];
        for (int i = 0; i < a.Length; i++) wrong[i] = (a[i] != 0) != (b[i] != 0) ? (byte)1 : (byte)0;
        return wrong;
    }

    /// <summary>Adds one image; returns its AUROC per detector (in the order of <see cref="Detectors"/>) and its wrong-pixel count.</summary>
    public (double[] Auroc, int Wrong) Add(UncertaintyMaps maps, ReadOnlySpan<byte> wrong)
    {
        if (wrong.Length != maps.Width * maps.Height) throw new ArgumentException($"{wrong.Length} truth values for a {maps.Width}x{maps.Height} map");
        var result = new double[Detectors.Count];
        for (int d = 0; d < Detectors.Count; d++)
        {
            var map = maps.Of(Detectors[d].Kind);
            result[d] = Auroc.Compute(map, wrong);
            _pooled[d].Add(map, wrong);
        }
        int count = 0;
        foreach (byte w in wrong) count += w;
        Pixels += wrong.Length;
        WrongPixels += count;
        return (result, count);
    }

    /// <summary>Pooled AUROC per detector, in the order of <see cref="Detectors"/>.</summary>
    public double[] Pooled() => _pooled.Select(p => p.Value).ToArray();
}
