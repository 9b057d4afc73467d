using System.Globalization;
using Remask.Core.Metrics;
using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>The numbers the guard looked at, for the per-image CSV.</summary>
/// <param name="Dice">Dice(y, ŷ) between the label and the mean prediction ŷ = [p ≥ 0.5] (on the label's background [p ≥ t] when the flip policy grows from t &lt; 0.5).</param>
/// <param name="FlipShare">|F| / |y ∪ ŷ| (0 when both are empty).</param>
/// <param name="Thickness">The chosen percentile of the inscribed radius of F in pixels (0 when F is empty).</param>
/// <param name="OutlineShare">Share of F within the outline distance of the label outline (0 when F is empty).</param>
/// <param name="KeptShare">|y AND NOT F| / |y|, the share of the label's foreground the flips keep (1 for an empty label).</param>
public sealed record GuardMeasures(double Dice, double FlipShare, double Thickness, double OutlineShare, double KeptShare = 1);

/// <summary>Whether the guard declined, why (empty when it did not), and what it measured.</summary>
public sealed record GuardDecision(bool Declined, string Reason, GuardMeasures Measures);

/// <summary>
/// Declines a relabel when the evidence does not support a change (what keeps light noise from being damaged).
/// Tests, in this order, each off when its setting is null (<see cref="GuardSettings"/>):
/// <list type="number">
/// <item>nothing to flip: F is empty;</item>
/// <item>empty label (when <see cref="GuardSettings.KeepEmpty"/>): y marks nothing;</item>
/// <item>uninformative (when <see cref="GuardSettings.Uninformative"/>): ŷ marks every pixel of the image;</item>
/// <item>agreement: Dice(y, ŷ) ≥ <see cref="GuardSettings.AgreementDice"/>;</item>
/// <item>too few flips: |F| / |y ∪ ŷ| &lt; <see cref="GuardSettings.MinFlipShare"/>;</item>
/// <item>erasing: |y ∧ ¬F| / |y| &lt; <see cref="GuardSettings.MinKeptShare"/>;</item>
/// <item>thin band: percentile_P { d(x, complement of F) : x ∈ F } ≤ <see cref="GuardSettings.ThinRadius"/>, d the Euclidean
/// distance (outside the image counts as F, so a region cut by the border is not thinned by it);</item>
/// <item>outline hugging: |{x ∈ F : d(x, outline(y)) ≤ k}| / |F| ≥ <see cref="GuardSettings.MaxOutlineShare"/>.</item>
/// </list>
/// Inputs: label y (0/1), mean probability p, flip set F (0/1), all width x height, row-major.
/// </summary>
public static class RelabelGuard
{
    /// <summary>Runs the tests above, in order, on one image's proposed flips; the first that holds declines.</summary>
    /// <param name="label">The label y: width x height, row-major, 0 or 1.</param>
    /// <param name="meanProb">The mean foreground probability p, in [0, 1], same layout.</param>
    /// <param name="flips">The flip set F the policy proposes, 0 or 1, same layout.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows.</param>
    /// <param name="settings">Which tests run and their thresholds; validated here.</param>
    /// <param name="growAt">The threshold at which the flip policy turns a background pixel of the label into foreground
    /// (<see cref="FlipSet.GrowThreshold"/>); ŷ uses it on the label's background pixels and 0.5 on its foreground.</param>
    public static GuardDecision Decide(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<byte> flips,
        int width, int height, GuardSettings settings, float growAt = 0.5f)
    {
        settings.Validate();
        RelabelInput.CheckLabel(label, width, height);
        RelabelInput.CheckUnit(meanProb, width, height, "mean probability");
        RelabelInput.CheckLabel(flips, width, height);

        var agreement = AgainstPrediction(label, meanProb, growAt);
        double dice = agreement.Dice;
        long union = agreement.TruePositives + agreement.FalsePositives + agreement.FalseNegatives;
        int flipped = Outline.Count(flips);
        double share = union == 0 ? 0 : (double)flipped / union;
        double thickness = flipped == 0 ? 0 : Thickness(flips, width, height, settings.ThicknessPercentile);
        double outlineShare = flipped == 0 ? 0 : OutlineShare(label, flips, width, height, settings.OutlineDistance);
        long labelled = agreement.TruePositives + agreement.FalseNegatives, removed = 0;
        for (int i = 0; i < label.Length; i++) removed += label[i] & flips[i];
        double kept = labelled == 0 ? 1 : (double)(labelled - removed) / labelled;
        var measures = new GuardMeasures(dice, share, thickness, outlineShare, kept);

        string? reason = null;
        if (flipped == 0) reason = "no pixel to flip";
        else if (settings.KeepEmpty && labelled == 0)
            reason = "the label marks nothing: kept empty";
        else if (settings.Uninformative && agreement.TrueNegatives == 0)
            reason = "model is uninformative: it marks the whole image";
        else if (settings.AgreementDice is { } a && dice >= a)
            reason = Invariant($"model agrees with the label: Dice {dice:F4} >= {a:G4}");
        else if (settings.MinFlipShare is { } s && share < s)
            reason = Invariant($"too few flips: {share:F4} of the object < {s:G4}");
        else if (settings.MinKeptShare is { } k && kept < k)
            reason = Invariant($"would erase the label: keeps {kept:F3} of its foreground < {k:G4}");
        else if (settings.ThinRadius is { } r && thickness <= r)
            reason = Invariant($"flips are a thin band: inscribed radius p{100 * settings.ThicknessPercentile:G3} {thickness:F2} px <= {r:G4}");
        else if (settings.MaxOutlineShare is { } o && outlineShare >= o)
            reason = Invariant($"flips hug the outline: {outlineShare:F3} of them within {settings.OutlineDistance} px >= {o:G4}");
        return new GuardDecision(reason is not null, reason ?? "", measures);
    }

    /// <summary>Confusion counts of ŷ (as prediction) against y (as reference), without building ŷ:
    /// ŷ = [p ≥ 0.5] where y = 1 and [p ≥ growAt] where y = 0.</summary>
    internal static ConfusionCounts AgainstPrediction(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, float growAt = 0.5f)
    {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < label.Length; i++)
        {
            int y = label[i], yHat = meanProb[i] >= (y == 0 ? growAt : 0.5f) ? 1 : 0;
            tp += yHat & y;
            fp += yHat & (1 - y);
            fn += (1 - yHat) & y;
        }
        return new ConfusionCounts(tp, fp, fn, label.Length - tp - fp - fn);
    }

    /// <summary>
    /// The <paramref name="percentile"/> (nearest rank, ceil(P n)) of the inscribed radii of the flip pixels. The
    /// distance transform runs in the bounding box of F padded by one pixel: the padding holds only non-flip pixels,
    /// and for any non-flip pixel beyond it the padding holds one at least as close, so the result is exact.
    /// </summary>
    internal static double Thickness(ReadOnlySpan<byte> flips, int width, int height, double percentile)
    {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = flips.Slice(y * width, width);
            int first = row.IndexOfAnyExcept((byte)0);
            if (first < 0) continue;
            if (y1 < 0) y0 = y;
            y1 = y;
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, row.LastIndexOfAnyExcept((byte)0));
        }
        if (y1 < 0) return 0;
        x0 = Math.Max(0, x0 - 1); y0 = Math.Max(0, y0 - 1);
        x1 = Math.Min(width - 1, x1 + 1); y1 = Math.Min(height - 1, y1 + 1);
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        var outside = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<byte> row = flips.Slice((y + y0) * width + x0, w);
            for (int x = 0; x < w; x++) outside[y * w + x] = row[x] == 0 ? (byte)1 : (byte)0;
        }
        int[] pooled = System.Buffers.ArrayPool<int>.Shared.Rent(w * h);
        try
        {
            Span<int> d2 = pooled.AsSpan(0, w * h);
            DistanceTransform.SquaredToNearest(outside, w, h, d2);
            int n = 0;
            for (int i = 0; i < d2.Length; i++) if (outside[i] == 0) d2[n++] = d2[i];
            var radii = d2[..n];
            radii.Sort();
            int r2 = radii[Math.Clamp((int)Math.Ceiling(percentile * n) - 1, 0, n - 1)];
            return r2 == DistanceTransform.Infinite ? double.PositiveInfinity : Math.Sqrt(r2);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(pooled);
        }
    }

    /// <summary>Share of flip pixels within Euclidean distance <paramref name="distance"/> of the label outline.</summary>
    internal static double OutlineShare(ReadOnlySpan<byte> label, ReadOnlySpan<byte> flips, int width, int height, int distance)
    {
        byte[] near = DiskStamping.Dilate(Outline.Of(label, width, height), width, height, distance);
        int on = 0, all = 0;
        for (int i = 0; i < flips.Length; i++)
        {
            if (flips[i] == 0) continue;
            all++;
            on += near[i];
        }
        return all == 0 ? 0 : (double)on / all;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
