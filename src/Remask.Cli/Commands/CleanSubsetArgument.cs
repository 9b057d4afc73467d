using System.Globalization;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Relabeling;
using Remask.Torch.Training;

namespace Remask.Cli.Commands;

/// <summary><c>--clean-subset DIR|COUNT</c>: a folder of clean masks named after training images, or COUNT training
/// images (drawn with the run's seed) whose own dataset masks are clean (benchmarks, where --masks holds the noisy ones).</summary>
internal static class CleanSubsetArgument
{
    public static CleanSubset? Open(string? value, TrainingData data, long seed, ForegroundRule rule)
    {
        if (value is null) return null;
        var train = data.Train;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
        {
            if (count < 1 || count > train.Count)
                throw new RemaskUsageException($"--clean-subset {value}: expected 1 to {train.Count} images (the training set's size) or a folder");
            if (data.TrainMasks is null)
                throw new RemaskUsageException("--clean-subset COUNT takes the dataset's own masks as the clean ones, so it needs the noisy masks in --masks");
            int[] order = new SeedSequence(seed, 0xC1EA).Permutation(train.Count);
            return new CleanSubset(new SampleSubset(train, order[..count].Order().ToArray()), null);
        }
        if (!Directory.Exists(value)) throw new RemaskDataException(value, "--clean-subset: neither a folder of clean masks nor a number of images");
        var names = Enumerable.Range(0, train.Count).ToDictionary(train.NameOf, i => i);
        var indices = new List<int>();
        foreach (string file in DatasetFiles.ImageFilesIn(value).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (!names.TryGetValue(name, out int index))
                throw new RemaskDataException(file, "--clean-subset: names no training image of the dataset");
            indices.Add(index);
        }
        if (indices.Count == 0) throw new RemaskDataException(value, "--clean-subset: the folder holds no mask images");
        return new CleanSubset(new SampleSubset(train, indices), new MaskFolderSource(value, p => ImageFiles.ReadMask(p, rule)));
    }
}
