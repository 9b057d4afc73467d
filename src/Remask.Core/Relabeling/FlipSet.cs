using System.Numerics;
using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// The flip set F of one mask under a <see cref="FlipPolicy"/> (formulas there): a 0/1 map, width x height,
/// row-major, 1 where the label is to be inverted. Only the map lengths are checked here; <see cref="Relabeler"/>
/// checks the values too.
/// </summary>
internal static class FlipSet
{
    /// <summary>
    /// F for <paramref name="settings"/>.<see cref="RelabelSettings.Policy"/> with threshold <paramref name="delta"/>
    /// (null: no uncertainty condition, allowed only for ConfidentDisagree and Region), followed by the
    /// <see cref="RelabelSettings.MinComponent"/> filter.
    /// </summary>
    /// <param name="label">The label y: width x height, row-major, 0 or 1.</param>
    /// <param name="meanProb">The mean foreground probability p, in [0, 1], same layout.</param>
    /// <param name="uncertainty">The uncertainty map U (e.g. aleatoric, in [0, 0.25]), same layout.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="settings">The flip policy, its margin and radii, and the minimum component.</param>
    /// <param name="delta">The threshold δ: flip only where U &gt; δ; null: no uncertainty condition.</param>
    /// <param name="growAt">The region policy's threshold for turning background into foreground; null: <see cref="GrowThreshold"/>.</param>
    public static byte[] Compute(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, RelabelSettings settings, double? delta, float? growAt = null) =>
        Compute(label, meanProb, uncertainty, width, height, settings, delta, growAt, growth: null, out _);

    /// <summary>What the region policy's plain flips S = open_r(ŷ ≠ y, |p − 0.5| ≥ m) [∧ U &gt; δ] change, before the floor's
    /// growth and the component filter: |S|, |S ∧ ¬y|, and |y| (all 0 for the other policies).</summary>
    internal readonly record struct PlainFlips(long Changed, long Added, long Labelled);

    /// <summary>The same, reusing the floor's growth at <paramref name="growAt"/> that <see cref="FloorThreshold"/> computed
    /// with it (used only without an uncertainty condition, which the growth was computed without), and counting the
    /// plain flips for the floor's and the edge snap's evidence share (<see cref="EdgeSnap"/>).</summary>
    internal static byte[] Compute(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, RelabelSettings settings, double? delta, float? growAt, byte[]? growth, out PlainFlips plain)
    {
        plain = default;
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
                // ŷ ≠ y and |p − 0.5| ≥ m: for y = 0, p ≥ 0.5 + m; for y = 1, p < 0.5 and p ≤ 0.5 − m.
                for (int i = 0; i < flips.Length; i++)
                {
                    float p = meanProb[i];
                    bool flip = label[i] == 0 ? p >= 0.5f + m : p < 0.5f && p <= 0.5f - m;
                    flips[i] = flip ? (byte)1 : (byte)0;
                }
                if (delta is { } dr) AndAbove(uncertainty, dr, flips);
                DiskStamping.OpenInPlace(flips, width, height, settings.OpeningRadius);
                plain = Count(flips, label);
                float grow = growAt ?? GrowThreshold(settings, label, meanProb, width, height);
                if (grow < 0.5f + m) GrowFromFloor(flips, label, meanProb, uncertainty, width, height, grow, delta, settings, plain, delta is null && growAt is not null ? growth : null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Policy, "unknown flip policy");
        }
        if (settings.MinComponent > 1) DropSmallComponents(flips, width, height, settings.MinComponent);
        return flips;
    }

    /// <summary>
    /// The region policy's threshold t for turning a background pixel of the label into foreground: 0.5 + m, or with
    /// <see cref="RelabelSettings.FloorMargin"/> set, <see cref="BackgroundFloor.GrowThreshold"/> (at most 0.5) when the
    /// growth it gives, open_r([p ≥ t] ∧ ¬y) anchored to the label, keeps the floor's premise
    /// (<see cref="BackgroundFloor.Reach"/> at most <see cref="BackgroundFloor.MaxReach"/>); 0.5 + m otherwise.
    /// </summary>
    public static float GrowThreshold(RelabelSettings settings, ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height) =>
        FloorThreshold(settings, label, meanProb, width, height).Grow;

    /// <summary><see cref="GrowThreshold"/>, the anchored growth at it when the floor grows (null otherwise), for
    /// <see cref="Compute(ReadOnlySpan{byte}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, RelabelSettings, double?, float?, byte[], out PlainFlips)"/> to reuse,
    /// and the floor's reach (<see cref="BackgroundFloor.Reach"/>; null where the floor's threshold was not below the plain one, so no growth was measured).</summary>
    internal static (float Grow, byte[]? Growth, double? Reach) FloorThreshold(RelabelSettings settings, ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height)
    {
        float plain = 0.5f + (float)settings.Margin;
        if (settings.Policy != FlipPolicy.Region || settings.FloorMargin is not { } floorMargin) return (plain, null, null);
        var (level, near, occupied) = BackgroundFloor.Measure(label, meanProb, width, height, settings.FloorRadius);
        float t = BackgroundFloor.Threshold(level, floorMargin);
        if (t >= plain) return (t, null, null);
        byte[] growth = AnchoredGrowth(label, meanProb, default, width, height, t, null, settings.OpeningRadius);
        double reach = BackgroundFloor.ReachFrom(growth, near, occupied);
        return reach > BackgroundFloor.MaxReach ? (plain, null, reach) : (t, growth, reach);
    }

    /// <summary>
    /// The grow threshold a committee's map votes with (<see cref="CommitteeVeto"/>): like the proposing map, its own
    /// floor's threshold (<see cref="GrowThreshold"/>) only where its own plain growth open_r([q ≥ 0.5 + m] ∧ ¬y) is at
    /// least <see cref="RelabelSettings.FloorEvidence"/> · |y| and not empty; otherwise 0.5 + m. A committee that sees
    /// no missing object (it is sure of its background, so its floor threshold would be low) then judges a weaker
    /// model's growth as the plain rule does, instead of letting everything above its low floor through.
    /// </summary>
    public static float CommitteeGrowThreshold(RelabelSettings settings, ReadOnlySpan<byte> label, ReadOnlySpan<float> committee, int width, int height)
    {
        float plain = 0.5f + (float)settings.Margin;
        if (settings.Policy != FlipPolicy.Region || settings.FloorMargin is null) return plain;
        RelabelInput.CheckLength(committee.Length, width, height, "committee probability");
        var sure = new byte[label.Length];
        long labelled = 0;
        for (int i = 0; i < sure.Length; i++)
        {
            labelled += label[i];
            sure[i] = (byte)(label[i] == 0 && committee[i] >= plain ? 1 : 0);
        }
        DiskStamping.OpenInPlace(sure, width, height, settings.OpeningRadius);
        int grown = Outline.Count(sure);
        return settings.MeetsEvidence(grown, labelled) ? GrowThreshold(settings, label, committee, width, height) : plain;
    }

    /// <summary>
    /// The floor's growth, added to the region policy's flips F in place: when the sure growth |F ∧ ¬y| (<paramref name="plain"/>) is at least
    /// <see cref="RelabelSettings.FloorEvidence"/> · |y| (the image shows that its label misses part of the object),
    /// F ∪= the 8-connected components of G = open_r([p ≥ t] ∧ ¬y) [∧ U &gt; δ] that touch the label (8-neighbourhood).
    /// A grown region is thus anchored to the object, in an image where the plain rule already found it too small.
    /// </summary>
    private static void GrowFromFloor(Span<byte> flips, ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, float grow, double? delta, RelabelSettings settings, PlainFlips plain, byte[]? computed)
    {
        if (!settings.MeetsEvidence(plain.Added, plain.Labelled)) return;
        byte[] growth = computed ?? AnchoredGrowth(label, meanProb, uncertainty, width, height, grow, delta, settings.OpeningRadius);
        for (int i = 0; i < flips.Length; i++) flips[i] |= growth[i];
    }

    private static PlainFlips Count(ReadOnlySpan<byte> flips, ReadOnlySpan<byte> label)
    {
        long changed = 0, added = 0, labelled = 0;
        for (int i = 0; i < flips.Length; i++)
        {
            changed += flips[i];
            added += flips[i] & (1 - label[i]);
            labelled += label[i];
        }
        return new PlainFlips(changed, added, labelled);
    }

    /// <summary>The 8-connected components of open_r([p ≥ t] ∧ ¬y) [∧ U &gt; δ] that touch the label (8-neighbourhood), as a 0/1 map.</summary>
    private static byte[] AnchoredGrowth(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, float grow, double? delta, int openingRadius)
    {
        var growth = new byte[label.Length];
        for (int i = 0; i < growth.Length; i++) growth[i] = (byte)(label[i] == 0 && meanProb[i] >= grow ? 1 : 0);
        if (delta is { } d) AndAbove(uncertainty, d, growth);
        DiskStamping.OpenInPlace(growth, width, height, openingRadius);
        ApartObjects.KeepTouching(label, growth, width, height);
        return growth;
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
