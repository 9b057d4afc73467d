using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Core.Relabeling;
using Remask.Torch.Data;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Relabeling;

/// <summary>
/// Relabels every image of a set once: uncertainty maps from the sampler (at the training size, resized bilinearly
/// to each image's original size), then <see cref="RelabelTally"/> on the image's current label at its original size,
/// written as OUT/NAME.png (0/255; under the input mask file's own name where the labels come from a folder of files). With a committee (cross-fitting: the models that trained on these images), its
/// mean probability vetoes the changes it disagrees with (<see cref="CommitteeVeto"/>). The folder appears only when
/// complete. Used by the training hook, by cross-fitted relabeling and by <c>remask relabel --model</c>.
/// </summary>
public static class RelabelPass
{
    /// <param name="sampler">The estimator with its model(s), whose maps drive the relabel.</param>
    /// <param name="set">The images to relabel.</param>
    /// <param name="labels">The current labels (null: the set's own masks).</param>
    /// <param name="references">Clean masks to score the pass against (null: none; never used to decide anything).</param>
    /// <param name="tally">Adds the images to this tally (one pass over several sets, as the folds of a cross-fitted
    /// round) instead of a new one; the result is then that of the whole tally.</param>
    /// <param name="settings">The flip policy, the guard and the later steps; validated here.</param>
    /// <param name="outDirectory">OUT, the folder of the new masks (written whole, then moved into place).</param>
    /// <param name="overwrite">Replace an existing OUT; without it, OUT must not exist or be empty.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="progress">Images done in this pass and the set's count, after each image.</param>
    /// <param name="cancellation">Stops the pass; OUT is then left as it was.</param>
    /// <param name="committee">Null, or the sampler whose mean probability may veto changes (its samples are averaged).</param>
    public static RelabelPassResult Run(IBatchSampler sampler, ISampleSet set, IMaskSource? labels, Func<Sample, Mask?>? references,
        RelabelSettings settings, string outDirectory, bool overwrite, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default, RelabelTally? tally = null,
        IBatchSampler? committee = null)
    {
        settings.Validate();
        tally ??= new RelabelTally(settings);
        if (settings.SnapsByAlignment && !tally.AlignmentMeasured && tally.Count == 0)
            tally.SetAlignment(OutlineAlignment.Median(AlignmentRatios(sampler, set, labels, settings, OutlineAlignment.SampleSize, batchSize, cancellation)));
        int before = tally.Count;
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            foreach (var (stack, votes) in UncertaintyRunner.Run(sampler, committee, set, batchSize, cancellation: cancellation))
            {
                float[]? vote = votes?.MapsAtOriginalSize().Mean;
                var sample = set.Load(stack.Index);
                var label = BatchAssembler.TrainingMask(sample, labels, "training");
                var next = tally.Add(sample.Name, label, stack.MapsAtOriginalSize(), ScaleOf(stack), references?.Invoke(sample), SourceOf(labels, sample.Name), sample.Image, vote);
                PngWriter.WriteMask(Path.Combine(dir, MaskFolderReader.WrittenName(sample.Name, labels?.PathOf(sample.Name))), next);
                progress?.Report((tally.Count - before, set.Count));
            }
            DerivedMaskStamp.Write(dir, "relabel");
        });
        return tally.Result();
    }

    /// <summary>
    /// <see cref="OutlineAlignment.Ratio"/> of up to <paramref name="count"/> images of the set, spread evenly over it
    /// (<see cref="OutlineAlignment.SampleIndices"/>), from the sampler's mean maps at each image's original size and the
    /// settings' snap radius and weight scaled to it. Images without a ratio (an empty or full label) are left out.
    /// </summary>
    public static List<double> AlignmentRatios(IBatchSampler sampler, ISampleSet set, IMaskSource? labels, RelabelSettings settings,
        int count, int batchSize = 16, CancellationToken cancellation = default)
    {
        var ratios = new List<double>();
        if (settings.SnapRadius is null) return ratios;
        var sample = new SampleSubset(set, OutlineAlignment.SampleIndices(set.Count, count));
        foreach (var (stack, _) in UncertaintyRunner.Run(sampler, null, sample, batchSize, cancellation: cancellation))
        {
            var item = sample.Load(stack.Index);
            var label = BatchAssembler.TrainingMask(item, labels, "training");
            var scaled = RelabelTally.Scaled(settings, ScaleOf(stack));
            try
            {
                if (OutlineAlignment.Ratio(label.Pixels, stack.MapsAtOriginalSize().Mean, item.Image, scaled.SnapRadius!.Value, scaled.SnapWeight) is { } r)
                    ratios.Add(r);
            }
            catch (ArgumentException e)
            {
                throw new RemaskDataException(SourceOf(labels, item.Name), e.Message);
            }
        }
        return ratios;
    }

    /// <summary>The image's size over the training size the settings' radii are given for.</summary>
    private static double ScaleOf(ImageStack stack) => Math.Max(stack.Width, stack.Height) / (double)stack.Size;

    /// <summary>The file a bad label or map is reported under: the label file where labels come from a folder, else the image's name.</summary>
    private static string SourceOf(IMaskSource? labels, string name) => labels is null ? name : Path.Combine(labels.Location, name);
}
