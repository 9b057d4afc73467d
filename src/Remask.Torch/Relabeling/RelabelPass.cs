using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Metrics;
using Remask.Core.Relabeling;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>One image of a relabel pass: what changed, whether the guard declined and why, its label-quality score,
/// and, where clean reference masks exist (benchmarks), Dice of the label against them before and after.</summary>
public sealed record RelabeledImage(
    string Name, int ToForeground, int ToBackground, int Flipped, bool Declined, string Reason, LabelQualityScore Quality,
    double? DiceBefore = null, double? DiceAfter = null);

/// <summary>
/// The totals of a pass. With references: <see cref="MasksDiceBefore"/> / <see cref="MasksDiceAfter"/> are the mean Dice
/// (in [0, 1]) of the labels against the clean masks; a changed pixel is a correct change when the label was wrong there:
/// precision = correct changes / changes, recall = correct changes / wrong pixels before.
/// </summary>
public sealed record RelabelPassSummary(
    int Images, long ToForeground, long ToBackground, int Declined,
    double? MasksDiceBefore, double? MasksDiceAfter, double? ChangePrecision, double? ChangeRecall);

public sealed record RelabelPassResult(IReadOnlyList<RelabeledImage> Images, RelabelPassSummary Summary);

/// <summary>
/// Relabels every image of a set once: uncertainty maps from the sampler (at the training size, resized bilinearly
/// to each image's original size), then <see cref="Relabeler"/> on the image's current label at its original size,
/// written as OUT/NAME.png (0/255). Radii of the flip settings are given at the training size and scaled by
/// max(W, H) / S. The folder appears only when complete. Used by the training hook and by <c>remask relabel --model</c>.
/// </summary>
public static class RelabelPass
{
    /// <param name="labels">The current labels (null: the set's own masks).</param>
    /// <param name="references">Clean masks to score the pass against (null: none; they are never used to decide anything).</param>
    public static RelabelPassResult Run(IBatchSampler sampler, ISampleSet set, IMaskSource? labels, Func<Sample, Mask?>? references,
        RelabelSettings settings, string outDirectory, bool overwrite, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        settings.Validate();
        var rows = new List<RelabeledImage>(set.Count);
        long toForeground = 0, toBackground = 0, correct = 0, changed = 0, wrongBefore = 0;
        double diceBefore = 0, diceAfter = 0;
        int declined = 0, referenced = 0;
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            foreach (var stack in UncertaintyRunner.Run(sampler, set, batchSize, cancellation: cancellation))
            {
                var sample = set.Load(stack.Index);
                var label = CurrentLabel(sample, labels);
                var maps = stack.MapsAtOriginalSize();
                double scale = Math.Max(stack.Width, stack.Height) / (double)stack.Size;
                var outcome = Relabel(label, maps.Mean, maps.Aleatoric, Scaled(settings, scale), labels, sample.Name);
                var next = new Mask(label.Width, label.Height, outcome.Mask);
                PngWriter.WriteMask(Path.Combine(dir, sample.Name + ".png"), next);
                var quality = LabelQuality.Of(label.Pixels, maps.Mean, maps.Aleatoric, label.Width, label.Height, outcome.Flipped);
                double? before = null, after = null;
                if (references?.Invoke(sample) is { } clean)
                {
                    before = ConfusionCounts.Of(label, clean).Dice;
                    after = ConfusionCounts.Of(next, clean).Dice;
                    diceBefore += before.Value;
                    diceAfter += after.Value;
                    referenced++;
                    var (c, ch, w) = ChangeCounts(label.Pixels, next.Pixels, clean.Pixels);
                    correct += c; changed += ch; wrongBefore += w;
                }
                toForeground += outcome.ToForeground;
                toBackground += outcome.ToBackground;
                if (outcome.Declined) declined++;
                rows.Add(new RelabeledImage(sample.Name, outcome.ToForeground, outcome.ToBackground, outcome.Flipped, outcome.Declined, outcome.Reason, quality, before, after));
                progress?.Report((rows.Count, set.Count));
            }
        });
        var summary = new RelabelPassSummary(rows.Count, toForeground, toBackground, declined,
            referenced > 0 ? diceBefore / referenced : null, referenced > 0 ? diceAfter / referenced : null,
            referenced > 0 && changed > 0 ? (double)correct / changed : null, referenced > 0 && wrongBefore > 0 ? (double)correct / wrongBefore : null);
        return new RelabelPassResult(rows, summary);
    }

    /// <summary>The image's label: from <paramref name="labels"/> when given, else the sample's own mask; sizes must match.</summary>
    public static Mask CurrentLabel(Sample sample, IMaskSource? labels)
    {
        var mask = labels is null
            ? sample.Mask ?? throw new RemaskDataException(sample.Name, "training image has no mask")
            : labels.TryLoad(sample.Name) ?? throw new RemaskDataException(labels.Location, $"no mask for training image '{sample.Name}'");
        if (mask.Width != sample.Image.Width || mask.Height != sample.Image.Height)
            throw new RemaskDataException(labels is null ? sample.Name : Path.Combine(labels.Location, sample.Name),
                $"mask is {mask.Width}x{mask.Height} but its image is {sample.Image.Width}x{sample.Image.Height}");
        return mask;
    }

    /// <summary>The settings with their radii (given at the training size) scaled to an image <paramref name="scale"/> times larger.</summary>
    public static RelabelSettings Scaled(RelabelSettings settings, double scale) => scale == 1 ? settings : settings with
    {
        OpeningRadius = (int)Math.Round(settings.OpeningRadius * scale),
        BandRadius = (int)Math.Round(settings.BandRadius * scale),
        MinComponent = (int)Math.Round(settings.MinComponent * scale * scale),
    };

    private static RelabelOutcome Relabel(Mask label, float[] mean, float[] uncertainty, RelabelSettings settings, IMaskSource? labels, string name)
    {
        try
        {
            return Relabeler.Relabel(label, mean, uncertainty, settings);
        }
        catch (ArgumentException e)
        {
            throw new RemaskDataException(labels is null ? name : Path.Combine(labels.Location, name), e.Message);
        }
    }

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
