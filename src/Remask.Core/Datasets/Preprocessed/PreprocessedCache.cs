using System.Runtime.InteropServices;
using System.Text.Json;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Core.Datasets.Preprocessed;

/// <summary>
/// Samples decoded and resized to the training size once, kept on disk between runs (MONAI's PersistentDataset,
/// nnU-Net's preprocessing): images bilinearly, masks by nearest neighbour, exactly as the batch assembler resizes
/// them, so training on the cache gives the same batches (resizing to the size a sample already has returns it
/// unchanged). A source that reads its samples already at the training size (<see cref="FileSampleSet"/> with a size,
/// which decodes large JPEGs at a DCT scale) is stored as it reads them; its <see cref="Sample.StoredSize"/> is what
/// the mask folders' masks are checked against. The first pass runs on all cores (a volume dataset on at most 2
/// threads, one volume each, as the slice reader keeps 2 volumes) and writes the entry under a temporary name that becomes the entry only when complete: a
/// killed first pass leaves nothing that a later run would read.
/// </summary>
public static class PreprocessedCache
{
    internal const string ImagesFile = "images.bin", MasksFile = "masks.bin", PresentFile = "present.bin", IndexFile = "index.json";

    internal sealed record Index(int Version, int Size, int Channels, int Layers, string[] Names, string[] Layer);

    /// <summary>
    /// The cached form of <paramref name="source"/> (whose samples are <paramref name="samples"/>, in order): built
    /// first when the cache under <paramref name="root"/> has no entry for the key. Layer 0 of the masks is each
    /// sample's own mask; layer k is the mask of the sample in <paramref name="maskFolders"/>[k - 1], if any.
    /// </summary>
    public static PreprocessedSet Open(ISampleSet source, IReadOnlyList<SampleRef> samples, IReadOnlyList<MaskFolderReader> maskFolders,
        int size, string settings, string root, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        if (source.Count != samples.Count) throw new ArgumentException($"{source.Count} samples but {samples.Count} sample files", nameof(samples));
        if (source.Count == 0) throw new ArgumentException("nothing to cache", nameof(source));
        string entry = Path.Combine(root, PreprocessedKey.Of(samples, maskFolders, size, settings));
        if (!File.Exists(Path.Combine(entry, IndexFile)))
        {
            try
            {
                AtomicOutput.WriteDirectory(entry, overwrite: false, temp => Build(temp, source, maskFolders, size, progress, cancellationToken));
            }
            catch (RemaskDataException) when (File.Exists(Path.Combine(entry, IndexFile)))
            {
                // another process completed the same entry first: use it
            }
        }
        return PreprocessedSet.OpenEntry(entry);
    }

    private static void Build(string dir, ISampleSet source, IReadOnlyList<MaskFolderReader> maskFolders, int size,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        int n = source.Count, plane = size * size, layers = 1 + maskFolders.Count;
        var first = source.Load(0);
        int channels = first.Image.Channels;
        long imageBytes = (long)channels * plane * sizeof(float);
        var present = new byte[n * layers];
        var names = new string[n];
        using (var images = File.OpenHandle(Path.Combine(dir, ImagesFile), FileMode.CreateNew, FileAccess.Write, preallocationSize: n * imageBytes))
        using (var masks = File.OpenHandle(Path.Combine(dir, MasksFile), FileMode.CreateNew, FileAccess.Write, preallocationSize: (long)n * layers * plane))
        {
            RandomAccess.SetLength(images, n * imageBytes);
            RandomAccess.SetLength(masks, (long)n * layers * plane);
            Func<int, string> groupOf = source is VolumeSliceSampleSet volumes ? volumes.VolumeOf : i => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var groups = Enumerable.Range(0, n).GroupBy(groupOf).Select(g => g.ToArray()).ToList();
            int done = 0;
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = source is VolumeSliceSampleSet ? Math.Min(2, Environment.ProcessorCount) : Environment.ProcessorCount,
                CancellationToken = cancellationToken,
            };
            try
            {
                Parallel.ForEach(groups, parallel, group => Write(group));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }

            void Write(int[] group)
            {
                foreach (int i in group)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var sample = source.Load(i);
                    names[i] = sample.Name;
                    if (sample.Image.Channels != channels)
                        throw new RemaskDataException(sample.Name, $"image has {sample.Image.Channels} channel(s), but the first image '{first.Name}' has {channels} (all images of a run must have the same number of channels)");
                    RandomAccess.Write(images, MemoryMarshal.AsBytes(Resize.Bilinear(sample.Image, size, size).Data), i * imageBytes);
                    for (int layer = 0; layer < layers; layer++)
                    {
                        // a folder's mask file is resized as it is read (never held at its stored size)
                        (Mask, int, int)? read = layer > 0 ? maskFolders[layer - 1].TryLoad(sample.Name, size)
                            : sample.Mask is Mask own ? (own, own.Width, own.Height) : null;
                        if (read is not (Mask mask, int maskWidth, int maskHeight)) continue;
                        var (width, height) = layer == 0 ? (sample.Image.Width, sample.Image.Height) : sample.StoredSize;
                        if (maskWidth != width || maskHeight != height)
                            throw new RemaskDataException(layer == 0 ? sample.Name : maskFolders[layer - 1].PathOf(sample.Name) ?? sample.Name,
                                $"mask is {maskWidth}x{maskHeight} but its image is {width}x{height}");
                        RandomAccess.Write(masks, Resize.Nearest(mask, size, size).Pixels, ((long)i * layers + layer) * plane);
                        present[i * layers + layer] = 1;
                    }
                    progress?.Report((Interlocked.Increment(ref done), n));
                }
            }
        }
        File.WriteAllBytes(Path.Combine(dir, PresentFile), present);
        string[] layerNames = ["dataset", .. maskFolders.Select(f => f.Location)];
        var index = new Index(PreprocessedKey.FormatVersion, size, channels, layers, names, layerNames);
        File.WriteAllText(Path.Combine(dir, IndexFile), JsonSerializer.Serialize(index));   // last: the entry is complete
    }
}
