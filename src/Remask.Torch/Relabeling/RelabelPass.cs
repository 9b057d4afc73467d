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
    /// <param name="labels">The current labels (null: the set's own masks).</param>
    /// <param name="references">Clean masks to score the pass against (null: none; never used to decide anything).</param>
    /// <param name="tally">Adds the images to this tally (one pass over several sets, as the folds of a cross-fitted
    /// round) instead of a new one; the result is then that of the whole tally.</param>
    /// <param name="committee">Null, or the sampler whose mean probability may veto changes (its samples are averaged).</param>
    public static RelabelPassResult Run(IBatchSampler sampler, ISampleSet set, IMaskSource? labels, Func<Sample, Mask?>? references,
        RelabelSettings settings, string outDirectory, bool overwrite, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default, RelabelTally? tally = null,
        IBatchSampler? committee = null)
    {
        settings.Validate();
        tally ??= new RelabelTally(settings);
        int before = tally.Count;
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            foreach (var (stack, votes) in UncertaintyRunner.Run(sampler, committee, set, batchSize, cancellation: cancellation))
            {
                float[]? vote = votes?.MapsAtOriginalSize().Mean;
                var sample = set.Load(stack.Index);
                var label = BatchAssembler.TrainingMask(sample, labels, "training");
                double scale = Math.Max(stack.Width, stack.Height) / (double)stack.Size;
                string source = labels is null ? sample.Name : Path.Combine(labels.Location, sample.Name);
                var next = tally.Add(sample.Name, label, stack.MapsAtOriginalSize(), scale, references?.Invoke(sample), source, sample.Image, vote);
                PngWriter.WriteMask(Path.Combine(dir, MaskFolderReader.WrittenName(sample.Name, labels?.PathOf(sample.Name))), next);
                progress?.Report((tally.Count - before, set.Count));
            }
            DerivedMaskStamp.Write(dir, "relabel");
        });
        return tally.Result();
    }
}
