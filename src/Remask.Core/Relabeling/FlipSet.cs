using System.Numerics;
using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// The flip set F of one mask under a <see cref="FlipPolicy"/> (formulas there): a 0/1 map, width x height,
/// row-major, 1 where the label is to be inverted. Only the map lengths are checked here; <see cref="Relabeler"/>
/// checks the values too.
/// </summary>
public static class FlipSet
{
    /// <summary>
    /// F for <paramref name="settings"/>.<see cref="RelabelSettings.Policy"/> with threshold <paramref name="delta"/>
    /// (null: no uncertainty condition, allowed only for ConfidentDisagree and Region), followed by the
    /// <see cref="RelabelSettings.MinComponent"/> filter.
    /// </summary>
    public static byte[] Compute(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, RelabelSettings settings, double? delta)
    {
        if (delta is null && settings.NeedsDelta) throw new ArgumentException($"the {settings.Policy} policy needs a δ");
        RelabelInput.CheckLength(label.Length, width, height, "label");
        RelabelInput.CheckLength(meanProb.Length, width, height, "mean probability");
        RelabelInput.CheckLength(uncertainty.Length, width, height, "uncertainty");
        var flips = new byte[label.Length];
        float m = (float)settings.Margin;
        switch (settings.Policy)
        {
            case FlipPolicy.Paper:
                Above(uncertainty, delta!.Value, flips);
                break;
            case FlipPolicy.MeanPrediction:
                Above(uncertainty, delta!.Value, flips);
                for (int i = 0; i < flips.Length; i++)
                    flips[i] &= (byte)((meanProb[i] >= 0.5f ? 1 : 0) ^ label[i]);
                break;
            case FlipPolicy.ConfidentDisagree:
                ConfidentDisagreement(label, meanProb, 0.5f + m, flips);
                if (delta is { } dc) AndAbove(uncertainty, dc, flips);
                break;
            case FlipPolicy.Band:
                Above(uncertainty, delta!.Value, flips);
                byte[] band = DiskStamping.Dilate(Outline.Of(label, width, height), width, height, settings.BandRadius);
                for (int i = 0; i < flips.Length; i++) flips[i] &= band[i];
                break;
            case FlipPolicy.Region:
                // ŷ ≠ y and |p − 0.5| ≥ m: for y = 0, p ≥ 0.5 + m (and p ≥ 0.5); for y = 1, p < 0.5 and p ≤ 0.5 − m.
                for (int i = 0; i < flips.Length; i++)
                {
                    float p = meanProb[i];
                    bool flip = label[i] == 0 ? p >= 0.5f && p >= 0.5f + m : p < 0.5f && p <= 0.5f - m;
                    flips[i] = flip ? (byte)1 : (byte)0;
                }
                if (delta is { } dr) AndAbove(uncertainty, dr, flips);
                DiskStamping.OpenInPlace(flips, width, height, settings.OpeningRadius);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Policy, "unknown flip policy");
        }
        if (settings.MinComponent > 1) DropSmallComponents(flips, width, height, settings.MinComponent);
        return flips;
    }

    /// <summary>Clears, in place, the 8-connected components of <paramref name="flips"/> with fewer than <paramref name="minPixels"/> pixels.</summary>
    public static void DropSmallComponents(Span<byte> flips, int width, int height, int minPixels)
    {
        if (minPixels <= 1) return;
        var labels = ConnectedComponents.Label(flips, width, height, Connectivity.Eight);
        var components = labels.Components;
        bool any = false;
        var drop = new bool[components.Count + 1];
        for (int c = 0; c < components.Count; c++)
            if (components[c].Area < minPixels) drop[c + 1] = any = true;
        if (!any) return;
        ReadOnlySpan<int> lab = labels.Labels;
        for (int i = 0; i < flips.Length; i++)
            if (drop[lab[i]]) flips[i] = 0;
    }

    /// <summary>flips[i] = U[i] &gt; δ, four float vectors narrowed into one byte vector at a time.</summary>
    private static void Above(ReadOnlySpan<float> uncertainty, double delta, Span<byte> flips)
    {
        // U > δ (δ a double) ⇔ U ≥ the smallest float above δ.
        float lo = NextFloatAbove(delta);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = new Vector<float>(lo);
            var one = Vector<byte>.One;
            int n = Vector<float>.Count;
            for (; i <= uncertainty.Length - 4 * n; i += 4 * n)
            {
                var a = Vector.GreaterThanOrEqual(new Vector<float>(uncertainty[i..]), t);
                var b = Vector.GreaterThanOrEqual(new Vector<float>(uncertainty[(i + n)..]), t);
                var c = Vector.GreaterThanOrEqual(new Vector<float>(uncertainty[(i + 2 * n)..]), t);
                var d = Vector.GreaterThanOrEqual(new Vector<float>(uncertainty[(i + 3 * n)..]), t);
                var ab = Vector.Narrow(Vector.AsVectorUInt32(a), Vector.AsVectorUInt32(b));
                var cd = Vector.Narrow(Vector.AsVectorUInt32(c), Vector.AsVectorUInt32(d));
                (Vector.Narrow(ab, cd) & one).CopyTo(flips[i..]);
            }
        }
        for (; i < uncertainty.Length; i++) flips[i] = uncertainty[i] >= lo ? (byte)1 : (byte)0;
    }

    private static void AndAbove(ReadOnlySpan<float> uncertainty, double delta, Span<byte> flips)
    {
        for (int i = 0; i < flips.Length; i++)
            if (!(uncertainty[i] > delta)) flips[i] = 0;
    }

    private static void ConfidentDisagreement(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, float confidence, Span<byte> flips)
    {
        for (int i = 0; i < flips.Length; i++)
            flips[i] = MathF.Abs(meanProb[i] - label[i]) >= confidence ? (byte)1 : (byte)0;
    }

    /// <summary>The smallest float strictly greater than <paramref name="value"/>.</summary>
    internal static float NextFloatAbove(double value)
    {
        float f = (float)value;
        return f > value ? f : MathF.BitIncrement(f);
    }
}
