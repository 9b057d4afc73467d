using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Runtime;

namespace Remask.Torch.Prediction;

/// <summary>One image's prediction at its original size: foreground probabilities (row-major) and the binary mask.</summary>
public sealed record Prediction(string Name, int Width, int Height, float[] Probabilities, Mask Mask);

/// <summary>
/// Applies a trained U-Net-S (a run folder's model.pt + model.json) to images: each image is resized to the
/// training size, passed through the network in evaluation mode, and the probability map is resized back to
/// the image's own size (bilinear), so that masks line up with the original pixels.
/// </summary>
public sealed class Predictor : IDisposable
{
    /// <summary>The network, in evaluation mode; owned by the predictor.</summary>
    public UNetS Model { get; }
    /// <summary>The model's description: the training size and the decision threshold.</summary>
    public ModelInfo Info { get; }

    /// <param name="model">The trained network; switched to evaluation mode, and disposed with the predictor.</param>
    /// <param name="info">Its description (model.json).</param>
    public Predictor(UNetS model, ModelInfo info)
    {
        Model = model;
        Info = info;
        Model.eval();
    }

    /// <summary>Loads RUN/model.json and RUN/model.pt.</summary>
    public static Predictor Load(string runDirectory)
    {
        var (model, info) = ModelFolder.Load(runDirectory);
        return new Predictor(model, info);
    }

    /// <summary>Predicts every image of <paramref name="set"/> in order, streaming batches from a background thread.</summary>
    public IEnumerable<Prediction> PredictAll(ISampleSet set, int batchSize = 16, CancellationToken cancellation = default)
    {
        NativeMemoryTuning.Apply();
        int size = Info.Size, plane = size * size;
        var assembler = new BatchAssembler(set, "input", size, Info.InChannels, "the model");
        using var modes = ModelModes.Evaluation(Model);                   // BatchNorm folded while predicting
        foreach (var batch in BatchStream.Evaluation(assembler, set.Count, batchSize, BatchStream.DefaultPrefetch, cancellation: cancellation))
        {
            cancellation.ThrowIfCancellationRequested();
            float[] probs = ModelInference.Probabilities(Model, batch);
            for (int k = 0; k < batch.Count; k++)
            {
                var (w, h) = batch.OriginalSizes[k];
                float[] full = OriginalSize.Plane(probs.AsSpan(k * plane, plane), size, w, h);
                var mask = new byte[full.Length];
                for (int i = 0; i < full.Length; i++) mask[i] = full[i] >= Info.Threshold ? (byte)1 : (byte)0;
                yield return new Prediction(batch.Names[k], w, h, full, new Mask(w, h, mask));
            }
        }
    }

    /// <summary>
    /// Writes OUT/probabilities/NAME.png (16-bit gray, probability x 65535) and OUT/masks/NAME.png (0 / 255) for
    /// every image; for slices of NIfTI volumes (Decathlon) also OUT/volumes/probabilities/VOLUME.nii.gz (float32) and
    /// OUT/volumes/masks/VOLUME.nii.gz (uint8, 0/1), on the image volume's grid with its affine
    /// (<see cref="SliceMapVolumes"/>). The folder appears only when complete. Returns the number of images.
    /// </summary>
    public int WriteAll(ISampleSet set, string outDirectory, bool overwrite, IProgress<(int Done, int Total)>? progress = null,
        int batchSize = 16, CancellationToken cancellation = default)
    {
        int done = 0;
        AtomicOutput.WriteDirectory(outDirectory, overwrite, dir =>
        {
            string probs = Path.Combine(dir, "probabilities"), masks = Path.Combine(dir, "masks");
            Directory.CreateDirectory(probs);
            Directory.CreateDirectory(masks);
            Core.Datasets.DerivedMaskStamp.Write(masks, "remask predict");
            var slices = set as VolumeSliceSampleSet;
            var volumes = slices is null ? null
                : new SliceMapVolumes(Path.Combine(dir, "volumes"), ["probabilities", "masks"], [NiftiDatatype.Float32, NiftiDatatype.UInt8]);
            foreach (var p in PredictAll(set, batchSize, cancellation))
            {
                PngWriter.Write(ContainedPath.FileIn(probs, p.Name, ".png"), ProbabilityRaster(p));
                PngWriter.WriteMask(ContainedPath.FileIn(masks, p.Name, ".png"), p.Mask);
                if (slices is not null && MaskFolderReader.SliceOf(p.Name) is var (volume, z))
                {
                    var binary = new float[p.Mask.Length];
                    for (int i = 0; i < binary.Length; i++) binary[i] = p.Mask.Pixels[i];
                    volumes!.Add(volume, slices.VolumeOf(done), z, [p.Probabilities, binary]);
                }
                done++;
                progress?.Report((done, set.Count));
            }
            volumes?.Flush(cancellation);
        });
        return done;
    }

    /// <summary>Probabilities as 16-bit samples, round(p x 65535).</summary>
    public static Raster ProbabilityRaster(Prediction p)
    {
        var samples = new ushort[p.Probabilities.Length];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (ushort)MathF.Round(Math.Clamp(p.Probabilities[i], 0f, 1f) * 65535f);
        return new Raster(p.Width, p.Height, 1, 16, samples);
    }

    /// <summary>Disposes the network.</summary>
    public void Dispose() => Model.Dispose();
}
