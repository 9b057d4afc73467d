using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Uncertainty;

namespace Remask.Core.Relabeling;

/// <summary>One image of a relabel pass: what changed, whether the guard declined and why, its label-quality score,
/// and, where clean reference masks exist (benchmarks), Dice of the label against them before and after.
/// <see cref="Snapped"/>: pixels the edge snap moved; <see cref="Refuted"/>: changed pixels the appearance check set back;
/// <see cref="FloorReach"/>: the background floor's reach (<see cref="RelabelOutcome.FloorReach"/>);
/// <see cref="Apart"/>: added pixels dropped as apart from the label (<see cref="ApartObjects"/>).</summary>
public sealed record RelabeledImage(
    string Name, int ToForeground, int ToBackground, int Flipped, bool Declined, string Reason, LabelQualityScore Quality,
    double? DiceBefore = null, double? DiceAfter = null, int Vetoed = 0, double? GrowAt = null, int Snapped = 0, int Refuted = 0, double? FloorReach = null, int Apart = 0);

/// <summary>
/// The totals of a pass (<see cref="Vetoed"/>: changes undone by a <see cref="CommitteeVeto"/>). With references: <see cref="MasksDiceBefore"/> / <see cref="MasksDiceAfter"/> are the mean Dice
/// (in [0, 1]) of the labels against the clean masks; a changed pixel is a correct change where the label was wrong:
/// precision = correct changes / changes, recall = correct changes / wrong pixels before. <see cref="OutlineAlignment"/>:
/// the pass's alignment median (<see cref="Relabeling.OutlineAlignment"/>; null when not measured);
/// <see cref="SnappedEveryImage"/>: whether it was below the threshold, so that every image was snapped.
/// </summary>
public sealed record RelabelPassSummary(
    int Images, long ToForeground, long ToBackground, int Declined,
    double? MasksDiceBefore, double? MasksDiceAfter, double? ChangePrecision, double? ChangeRecall, long Vetoed = 0,
    double? OutlineAlignment = null, bool SnappedEveryImage = false);

/// <summary>A pass's per-image rows, its totals, and the worst-ranked images kept for pictures (<see cref="RelabelExamples"/>).</summary>
public sealed record RelabelPassResult(IReadOnlyList<RelabeledImage> Images, RelabelPassSummary Summary, IReadOnlyList<RelabelExample>? Examples = null);

/// <summary>
/// Relabels images one at a time from their uncertainty maps and keeps the per-image rows and the totals of a pass
/// (the training hook, <c>remask relabel --model</c> and the model-agnostic <c>remask relabel --probs</c> share it).
/// Radii of the settings are given at the training size and scaled to each image (<see cref="Scaled"/>).
/// </summary>
public sealed class RelabelTally(RelabelSettings settings)
{
    /// <summary>How many of the worst-ranked images the pass keeps for pictures (when their image is given to <see cref="Add"/>).</summary>
    public const int DefaultExamples = 6;

    private readonly RelabelExamples _examples = new(DefaultExamples);
    private readonly List<RelabeledImage> _rows = [];
    private long _toForeground, _toBackground, _correct, _changed, _wrong, _vetoed;
    private double _diceBefore, _diceAfter;
    private int _declined, _referenced;

    /// <summary>Relabels <paramref name="label"/> (at the maps' size) and records it. <paramref name="scale"/>: the image's
    /// size over the size the radii were given for. Bad maps throw <see cref="RemaskDataException"/> naming <paramref name="source"/>.</summary>
    /// <param name="name">The image's name, for its row and its example.</param>
    /// <param name="label">The label y the pass reads, at the maps' size.</param>
    /// <param name="maps">
    /// The image's maps: p is <see cref="UncertaintyMaps.Mean"/>, U is <see cref="UncertaintyMaps.Aleatoric"/>.
    /// </param>
    /// <param name="scale">The image's size over the size the radii were given for (<see cref="Scaled"/>).</param>
    /// <param name="reference">The clean mask at the label's size, or null: with it, the row gets Dice before and after
    /// and the pass's totals count its correct changes.</param>
    /// <param name="source">The file the maps or the label come from, named in the exception for bad input.</param>
    /// <param name="image">The image (at the label's size), to keep the image for pictures if it ranks among the worst; null: not kept.</param>
    /// <param name="committee">Null, or the mean foreground probability (at the label's size) of models that trained on
    /// this image: changes it votes against are undone (<see cref="CommitteeVeto"/>).</param>
    public Mask Add(string name, Mask label, UncertaintyMaps maps, double scale, Mask? reference, string source, Image? image = null, float[]? committee = null)
    {
        RelabelOutcome outcome;
        int vetoed = 0, snapped = 0, refuted = 0;
        try
        {
            var scaled = Scaled(settings, scale);
            // New objects are dropped last (below), so that the count is what the drop changed in the pass's mask,
            // not what the committee veto or the appearance check would have set back anyway.
            outcome = Relabeler.Relabel(label, maps.Mean, maps.Aleatoric, scaled with { AddObjects = true });
            if (committee is not null && outcome.Changed > 0)
            {
                float committeeGrowAt = Math.Min(0.5f, FlipSet.CommitteeGrowThreshold(scaled, label.Pixels, committee, label.Width, label.Height));
                (byte[] kept, vetoed) = CommitteeVeto.Apply(label.Pixels, outcome.Mask, committee, committeeGrowAt);
                outcome = WithMask(outcome, label, kept);
            }
            if (image is not null && scaled.SnapRadius is { } radius && SnapLevel(scaled, outcome, maps.Mean) is { } level)
            {
                CheckImageSize(image, label);
                byte[] moved = EdgeSnap.Snap(outcome.Mask, maps.Mean, level, image, radius, scaled.SnapWeight);
                var (added, removed) = Relabeler.Changes(outcome.Mask, moved);
                snapped = added + removed;
                outcome = WithMask(outcome, label, moved);
            }
            if (image is not null && outcome.Changed > 0 && scaled.AppearanceZ is { } z)
            {
                CheckImageSize(image, label);
                (byte[] checkedMask, refuted) = AppearanceCheck.Apply(label.Pixels, outcome.Mask, image, z);
                outcome = WithMask(outcome, label, checkedMask);
            }
            if (!scaled.AddObjects && outcome.Changed > 0)
            {
                byte[] anchored = outcome.Mask.ToArray();
                int apart = ApartObjects.Drop(label.Pixels, anchored, label.Width, label.Height);
                if (apart > 0) outcome = WithMask(outcome, label, anchored) with { Apart = apart };
            }
        }
        catch (ArgumentException e)
        {
            throw new RemaskDataException(source, e.Message);
        }
        var next = new Mask(label.Width, label.Height, outcome.Mask);
        var quality = LabelQuality.Of(label.Pixels, maps.Mean, maps.Aleatoric, label.Width, label.Height, outcome.Flipped);
        double? before = null, after = null;
        if (reference is not null)
        {
            if (!reference.SameSize(label)) throw new RemaskDataException(source, $"the reference mask is {reference.Width}x{reference.Height}, the label {label.Width}x{label.Height}");
            before = ConfusionCounts.Of(label, reference).Dice;
            after = ConfusionCounts.Of(next, reference).Dice;
            _diceBefore += before.Value;
            _diceAfter += after.Value;
            _referenced++;
            var (c, ch, w) = ChangeCounts(label.Pixels, next.Pixels, reference.Pixels);
            _correct += c; _changed += ch; _wrong += w;
        }
        _toForeground += outcome.ToForeground;
        _toBackground += outcome.ToBackground;
        if (outcome.Declined) _declined++;
        _vetoed += vetoed;
        _rows.Add(new RelabeledImage(name, outcome.ToForeground, outcome.ToBackground, outcome.Flipped, outcome.Declined, outcome.Reason, quality, before, after, vetoed, outcome.GrowAt, snapped, refuted, outcome.FloorReach, outcome.Apart));
        if (image is not null && _examples.Wants(outcome.Changed > 0, quality.Score, name))
            _examples.Offer(new RelabelExample(name, quality.Score, image, label, next, maps.Aleatoric.ToArray(), reference));
        return next;
    }

    /// <summary>The number of images added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>The pass's <see cref="OutlineAlignment"/> median, once <see cref="SetAlignment"/> recorded it; null before, or
    /// when no sampled image had an outline.</summary>
    public double? Alignment { get; private set; }

    /// <summary>True once the pass measured its alignment (<see cref="SetAlignment"/>).</summary>
    public bool AlignmentMeasured { get; private set; }

    /// <summary>True when every image of the pass is snapped: the settings snap by alignment and the measured median is
    /// below <see cref="RelabelSettings.SnapAlignment"/>.</summary>
    public bool SnapsEveryImage => settings.SnapsByAlignment && Alignment is { } m && m < settings.SnapAlignment!.Value;

    /// <summary>Records the pass's alignment median (<see cref="OutlineAlignment.Median"/> of a sample), before any image is added.</summary>
    public void SetAlignment(double? median)
    {
        if (_rows.Count > 0) throw new InvalidOperationException("the alignment is measured before the pass adds images");
        Alignment = median;
        AlignmentMeasured = true;
    }

    /// <summary>The level to snap an image at, or null to leave it: a changed image whose plain flips meet the evidence
    /// share at <see cref="EdgeSnap.Level(RelabelSettings, FlipSet.PlainFlips, double)"/>'s level; when the pass snaps every image
    /// (<see cref="SnapsEveryImage"/>), any other image at 0.5, unless its prediction marks every pixel (nothing to snap to).</summary>
    private double? SnapLevel(RelabelSettings scaled, RelabelOutcome outcome, ReadOnlySpan<float> meanProb)
    {
        if (outcome.Changed > 0 && EdgeSnap.Level(scaled, outcome.Plain, outcome.GrowAt ?? 0.5) is { } level) return level;
        if (!SnapsEveryImage) return null;
        foreach (float p in meanProb)
            if (p < 0.5f) return 0.5;
        return null;
    }

    /// <summary>The outcome with <paramref name="mask"/> as its mask and its changes counted against <paramref name="label"/>
    /// (a step after the flips: the veto, the snap, the appearance check).</summary>
    private static RelabelOutcome WithMask(RelabelOutcome outcome, Mask label, byte[] mask)
    {
        var (toForeground, toBackground) = Relabeler.Changes(label.Pixels, mask);
        return outcome with { Mask = mask, ToForeground = toForeground, ToBackground = toBackground };
    }

    private static void CheckImageSize(Image image, Mask label)
    {
        if (image.Width != label.Width || image.Height != label.Height)
            throw new ArgumentException($"the image is {image.Width}x{image.Height}, the label {label.Width}x{label.Height}");
    }

    /// <summary>
    /// The pass so far: the per-image rows in the order added, the totals (<see cref="RelabelPassSummary"/>; the Dice
    /// means and the change precision and recall over the images that had a reference) and the examples kept for
    /// pictures.
    /// </summary>
    public RelabelPassResult Result() => new(_rows.ToList(), new RelabelPassSummary(_rows.Count, _toForeground, _toBackground, _declined,
        _referenced > 0 ? _diceBefore / _referenced : null, _referenced > 0 ? _diceAfter / _referenced : null,
        _referenced > 0 && _changed > 0 ? (double)_correct / _changed : null, _referenced > 0 && _wrong > 0 ? (double)_correct / _wrong : null, _vetoed, Alignment, SnapsEveryImage),
        _examples.Worst);

    /// <summary>The settings with their radii and distances (the guard's too) scaled to an image <paramref name="scale"/> times
    /// larger (areas by scale²). The snap's weight γ scales with the outline's length against the band's area, so the
    /// snap cuts the same outline at every size.</summary>
    public static RelabelSettings Scaled(RelabelSettings settings, double scale) => scale == 1 ? settings : settings with
    {
        OpeningRadius = (int)Math.Round(settings.OpeningRadius * scale),
        BandRadius = (int)Math.Round(settings.BandRadius * scale),
        FloorRadius = (int)Math.Round(settings.FloorRadius * scale),
        SnapRadius = settings.SnapRadius is { } snap ? Math.Max(1, (int)Math.Round(snap * scale)) : null,
        SnapWeight = settings.SnapWeight * scale,
        MinComponent = (int)Math.Round(settings.MinComponent * scale * scale),
        Guard = settings.Guard is { } g ? g with
        {
            ThinRadius = g.ThinRadius * scale,
            OutlineDistance = (int)Math.Round(g.OutlineDistance * scale),
        } : null,
    };

    /// <summary>(changes where the label was wrong, changes, wrong pixels before) against the clean mask.</summary>
    public static (long Correct, long Changed, long WrongBefore) ChangeCounts(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, ReadOnlySpan<byte> clean)
    {
        long correct = 0, changed = 0, wrong = 0;
        for (int i = 0; i < before.Length; i++)
        {
            bool isWrong = (before[i] != 0) != (clean[i] != 0);
            bool isChanged = (before[i] != 0) != (after[i] != 0);
            if (isWrong) wrong++;
            if (isChanged) { changed++; if (isWrong) correct++; }
        }
        return (correct, changed, wrong);
    }
}
