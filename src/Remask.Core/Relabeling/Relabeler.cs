using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// Relabels one noisy mask from its maps (Redekop and Chernyavskiy, ISBI 2021, Fig. 2, with the variants of
/// <see cref="FlipPolicy"/>):
/// <list type="number">
/// <item>δ: <see cref="RelabelSettings.Delta"/>, or <see cref="AutomaticDelta.Choose"/> on this image's map when null and the policy needs one;</item>
/// <item>flip set F by the policy, then the minimum-component filter (<see cref="FlipSet.Compute(ReadOnlySpan{byte}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, RelabelSettings, double?, float?)"/>; the region policy
/// grows from <see cref="FlipSet.GrowThreshold"/>, the background floor's threshold when <see cref="RelabelSettings.FloorMargin"/> is set);</item>
/// <item>optional guard (<see cref="RelabelGuard"/>): when it declines, the input is returned unchanged;</item>
/// <item>y' = y XOR F, then hole filling when <see cref="RelabelSettings.FillHoles"/>;</item>
/// <item>unless <see cref="RelabelSettings.AddObjects"/>, the foreground added apart from the label is dropped (<see cref="ApartObjects"/>).</item>
/// </list>
/// Inputs, all row-major with width x height entries: <c>label</c> y (0/1 bytes), <c>meanProb</c> p (mean predicted
/// foreground probability in [0, 1]) and <c>uncertainty</c> U (in [0, 1], e.g. aleatoric in [0, 0.25]).
/// Bad maps throw <see cref="ArgumentException"/> (<see cref="RelabelInput"/>), bad settings <see cref="RemaskUsageException"/>.
/// </summary>
/// <example>
/// Repair one mask from the mean prediction and aleatoric uncertainty of N samples (here from
/// <c>Remask.Torch</c>'s <c>UncertaintyRunner</c>; any model's probability stack works through
/// <see cref="Uncertainty.UncertaintyMaps"/>):
/// <code>
/// var maps = stack.MapsAtOriginalSize();                      // mean, aleatoric, epistemic, ... at the image's size
/// // the paper's rule; the tool's default is Remask.Torch's RelabelOptions.DefaultFlip (the region policy and its checks)
/// RelabelOutcome outcome = Relabeler.Relabel(noisyMask, maps.Mean, maps.Aleatoric, new RelabelSettings());
/// var repaired = new Mask(noisyMask.Width, noisyMask.Height, outcome.Mask);
/// if (outcome.Declined) Console.WriteLine(outcome.Reason);     // the guard kept the label
/// </code>
/// </example>
public static class Relabeler
{
    /// <summary>The same on a <see cref="Imaging.Mask"/>; the maps must have <c>label.Length</c> entries.</summary>
    public static RelabelOutcome Relabel(Imaging.Mask label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty, RelabelSettings settings) =>
        Relabel(label.Pixels, meanProb, uncertainty, label.Width, label.Height, settings);

    /// <summary>
    /// Relabels the label <paramref name="label"/> (<paramref name="width"/> x <paramref name="height"/>) from its mean
    /// probability <paramref name="meanProb"/> and uncertainty <paramref name="uncertainty"/> by the steps above, under
    /// <paramref name="settings"/>.
    /// </summary>
    public static RelabelOutcome Relabel(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        int width, int height, RelabelSettings settings)
    {
        settings.Validate();
        RelabelInput.Check(label, meanProb, uncertainty, width, height);

        double? delta = settings.Delta;
        string? warning = null;
        if (delta is null && settings.NeedsDelta)
        {
            var choice = AutomaticDelta.Choose(uncertainty, settings.AutoDelta, settings.AutoQuantile, ceiling: settings.UncertaintyCeiling);
            delta = choice.Delta;
            warning = choice.Warning;
        }
        else if (delta is { } given)
        {
            warning = AutomaticDelta.WarningFor(given, settings.UncertaintyCeiling);
        }

        var (growAt, growth, reach) = FlipSet.FloorThreshold(settings, label, meanProb, width, height);
        byte[] flips = FlipSet.Compute(label, meanProb, uncertainty, width, height, settings, delta, growAt, growth, out var plain);
        int flipped = Outline.Count(flips);

        GuardMeasures? measures = null;
        if (settings.Guard is { } guard)
        {
            var decision = RelabelGuard.Decide(label, meanProb, flips, width, height, guard, settings.Policy == FlipPolicy.Region ? Math.Min(growAt, 0.5f) : 0.5f);
            measures = decision.Measures;
            if (decision.Declined)
                return new RelabelOutcome(label.ToArray(), 0, 0, flipped, 0, delta, true, decision.Reason, warning, measures, GrowAt(settings, growAt), reach) { Plain = plain };
        }

        // y' = y XOR F, in place in the flip buffer.
        XorInPlace(flips, label);
        byte[] result = flips;
        int filled = 0;
        if (settings.FillHoles)
        {
            result = new byte[flips.Length];
            HoleFilling.Fill(flips, width, height, result);
            filled = Outline.Count(result) - Outline.Count(flips);
        }
        int apart = settings.AddObjects ? 0 : ApartObjects.Drop(label, result, width, height);
        var (toForeground, toBackground) = Changes(label, result);
        return new RelabelOutcome(result, toForeground, toBackground, flipped, filled, delta, false, "", warning, measures, GrowAt(settings, growAt), reach) { Plain = plain, Apart = apart };
    }

    /// <summary>The grow threshold worth reporting: the floor's, when the settings use one.</summary>
    private static double? GrowAt(RelabelSettings settings, float growAt) => settings.FloorMargin is null ? null : growAt;

    /// <summary>a[i] ^= b[i].</summary>
    private static void XorInPlace(Span<byte> a, ReadOnlySpan<byte> b)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
            for (int n = System.Numerics.Vector<byte>.Count; i <= a.Length - n; i += n)
                (new System.Numerics.Vector<byte>(a[i..]) ^ new System.Numerics.Vector<byte>(b[i..])).CopyTo(a[i..]);
        for (; i < a.Length; i++) a[i] ^= b[i];
    }

    /// <summary>(0 → 1 count, 1 → 0 count) from <paramref name="before"/> to <paramref name="after"/>, both 0/1.</summary>
    internal static (int ToForeground, int ToBackground) Changes(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        // after against before: false positives are 0 → 1, false negatives 1 → 0.
        var counts = Metrics.ConfusionCounts.Of(after, before);
        return ((int)counts.FalsePositives, (int)counts.FalseNegatives);
    }
}
