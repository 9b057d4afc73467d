using Remask.Core.Datasets;
using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Core.Relabeling;

/// <summary>
/// N probability samples per image from any model, as files (the input of the model-agnostic <c>remask relabel --probs</c>,
/// as cleanlab takes <c>pred_probs</c>): for image NAME either a folder DIR/NAME/ of N gray PNGs (8- or 16-bit, value /
/// full intensity = probability; read in file-name order), or a volume DIR/NAME.nii[.gz] of W x H x N values in [0, 1]
/// (sample n = slice z = n). Every stack of a folder must hold the same N ≥ 2.
/// </summary>
public static class ProbabilityStacks
{
    /// <summary>The image names that have a stack in <paramref name="folder"/>, sorted (ordinal).</summary>
    public static IReadOnlyList<string> Names(string folder)
    {
        if (!Directory.Exists(folder)) throw new RemaskDataException(folder, "probability folder not found");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string dir in Directory.EnumerateDirectories(folder)) names.Add(Path.GetFileName(dir));
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith("._", StringComparison.Ordinal)) continue;
            if (name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)) names.Add(name[..^7]);
            else if (name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase)) names.Add(name[..^4]);
        }
        if (names.Count == 0) throw new RemaskDataException(folder, "holds no probability stacks (NAME/ folders of PNGs, or NAME.nii[.gz] volumes)");
        return names.ToList();
    }

    /// <summary>Image NAME's stack, N x H x W row-major, with N and its size. Throws <see cref="RemaskDataException"/>
    /// naming the file for a missing stack, mixed sizes, fewer than 2 samples, or values outside [0, 1] or NaN.</summary>
    public static (float[] Stack, int Samples, int Width, int Height) Read(string folder, string name)
    {
        string dir = Path.Combine(folder, ContainedPath.PlainName(name, folder));
        if (Directory.Exists(dir)) return ReadPngs(dir);
        foreach (string ext in new[] { ".nii.gz", ".nii" })
        {
            string path = Path.Combine(folder, name + ext);
            if (File.Exists(path)) return ReadVolume(path);
        }
        throw new RemaskDataException(Path.Combine(folder, name), "no probability stack for this image (a folder of PNGs or a .nii[.gz] volume)");
    }

    private static (float[], int, int, int) ReadPngs(string dir)
    {
        var files = DatasetFiles.ImageFilesIn(dir).Order(StringComparer.Ordinal).ToList();
        if (files.Count < 2) throw new RemaskDataException(dir, $"holds {files.Count} probability map(s); at least 2 samples are needed");
        float[]? stack = null;
        int width = 0, height = 0;
        for (int n = 0; n < files.Count; n++)
        {
            var raster = ImageFiles.ReadRaster(files[n]);
            if (raster.Channels != 1) throw new RemaskDataException(files[n], $"probability map has {raster.Channels} channels; expected one gray channel");
            if (stack is null)
            {
                (width, height) = (raster.Width, raster.Height);
                stack = new float[files.Count * width * height];
            }
            else if (raster.Width != width || raster.Height != height)
                throw new RemaskDataException(files[n], $"is {raster.Width}x{raster.Height} but {Path.GetFileName(files[0])} is {width}x{height}");
            float scale = 1f / raster.MaxValue;
            var samples = raster.Samples;
            int offset = n * width * height;
            for (int i = 0; i < samples.Length; i++)
            {
                if (samples[i] > raster.MaxValue) throw new RemaskDataException(files[n], "value above full intensity");
                stack[offset + i] = samples[i] * scale;
            }
        }
        return (stack!, files.Count, width, height);
    }

    private static (float[], int, int, int) ReadVolume(string path)
    {
        var volume = NiftiReader.Read(path);
        if (volume.Nz < 2) throw new RemaskDataException(path, $"holds {volume.Nz} probability sample(s) along its third axis; at least 2 are needed");
        var values = volume.Values;
        for (int i = 0; i < values.Length; i++)
            if (!(values[i] >= 0 && values[i] <= 1))
            {
                int plane = volume.Nx * volume.Ny;
                throw new RemaskDataException(path, $"value {values[i]} at (x {i % volume.Nx}, y {i % plane / volume.Nx}, sample {i / plane}) is not a probability in [0, 1]");
            }
        // NIfTI stores x fastest, then y: slab z is the row-major H x W plane of sample z (x across, y down).
        return (volume.ToArray(), volume.Nz, volume.Nx, volume.Ny);
    }
}
