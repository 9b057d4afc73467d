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
/// written as OUT/NAME.png (0/255). The folder appears only when complete. Used by the training hook and by
/// <c>remask relabel --model</c>.
/// </summary>
public static class RelabelPass
{
    /// <param name="labels">The current labels (null: the set's own masks).</param>
    /// <param name="references">Clean masks to score the pass against (null: none; never used to decide anything).</param>
    /// <param name="tally">Adds the images to this tally (one pass over several sets, as the folds of a cross-fitted
    /// round) instead of a new one; the result is then that of the whole tally.</param>
    public static RelabelPassResult Run(IBatchSampler sampler, ISampleSet set, IMaskSource? labels, Func<Sample, Mask?>? references,
        RelabelSettings settings, string outDirectory, bool overwrite, int batchSize = 16,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default, RelabelTally? tally = null)
    {
        settings.Validate();
        tally ??= new RelabelTally(settings);
        int before = tally.Count;
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            foreach (var stack in UncertaintyRunner.Run(sampler, set, batchSize, cancellation: cancellation))
            {
                var sample = set.Load(stack.Index);
                var label = BatchAssembler.TrainingMask(sample, labels, "training");
                double scale = Math.Max(stack.Width, stack.Height) / (double)stack.Size;
                string source = labels is null ? sample.Name : Path.Combine(labels.Location, sample.Name);
                var next = tally.Add(sample.Name, label, stack.MapsAtOriginalSize(), scale, references?.Invoke(sample), source, sample.Image);
                PngWriter.WriteMask(Path.Combine(dir, sample.Name + ".png"), next);
                progress?.Report((tally.Count - before, set.Count));
            }
            DerivedMaskStamp.Write(dir, "relabel");
        });
        return tally.Result();
    }
}
