using System.ComponentModel;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.IO;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>Options of the verbs that read a folder of masks and write a folder of masks.</summary>
internal class MaskFolderSettings : ForegroundSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Output folder (written atomically; refused when it holds files, unless --overwrite)")]
    public string? Out { get; init; }

    [CommandOption("--overwrite")]
    [Description("Replace an existing non-empty output folder")]
    public bool Overwrite { get; init; }
}

/// <summary>A flat folder of mask images: listing, reading, and writing a new folder of masks with the same names.</summary>
internal static class MaskFolder
{
    /// <summary>The mask files directly in <paramref name="dir"/> (image files but ISIC's superpixel maps:
    /// <see cref="SampleFileNames"/>), sorted by name (ordinal).</summary>
    public static IReadOnlyList<string> List(string dir)
    {
        if (File.Exists(dir)) throw new RemaskDataException(dir, "is a file, not a folder of masks");
        if (!Directory.Exists(dir)) throw new RemaskDataException(dir, "folder not found");
        var files = DatasetFiles.ImageFilesIn(dir).Where(f => SampleFileNames.SampleOfMask(f) is not null).ToList();
        if (files.Count == 0) throw new RemaskDataException(dir, "holds no mask images (.png, .jpg, ...)");
        return files;
    }

    /// <summary>
    /// The output file name for an input mask: the same name for PNG files; other formats are written as PNG, so
    /// their extension becomes .png. Two inputs that would land on the same name are an error.
    /// </summary>
    public static IReadOnlyList<string> OutputNames(IReadOnlyList<string> inputs)
    {
        var names = new List<string>(inputs.Count);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in inputs)
        {
            string name = Path.GetFileName(path);
            if (!Path.GetExtension(name).Equals(".png", StringComparison.OrdinalIgnoreCase))
                name = Path.GetFileNameWithoutExtension(name) + ".png";
            if (seen.TryGetValue(name, out string? other))
                throw new RemaskDataException(path, $"would be written as {name}, like {other}; rename one of them");
            seen[name] = path;
            names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// Checks the output folder before any work: required, not the input folder, not a folder that holds the input
    /// (replacing it would delete the input), and empty unless overwriting.
    /// </summary>
    public static string CheckOutput(string? output, string input, bool overwrite)
    {
        if (string.IsNullOrWhiteSpace(output)) throw new RemaskUsageException("--out DIR is required");
        string outFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        string inFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(input));
        if (string.Equals(outFull, inFull, StringComparison.Ordinal))
            throw new RemaskUsageException("--out must differ from the input folder (input data is never modified)");
        if (inFull.StartsWith(outFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new RemaskUsageException("--out must not be a folder that holds the input folder");
        if (File.Exists(outFull)) throw new RemaskDataException(output, "is a file, not a folder");
        if (!overwrite && Directory.Exists(outFull) && Directory.EnumerateFileSystemEntries(outFull).Any())
            throw new RemaskDataException(output, "the output folder already holds files; pass --overwrite to replace it");
        return outFull;
    }

    /// <summary>
    /// Reads every mask, transforms it and writes the results under the same names into a new folder, atomically
    /// (nothing appears at <paramref name="output"/> unless every mask was written). <paramref name="transform"/>
    /// gets the input file name and the mask. Returns what
    /// <paramref name="transform"/> returned for each mask, in input order. The output folder carries the
    /// <see cref="DerivedMaskStamp"/> note naming <paramref name="verb"/>, so that it is read back as 0/255.
    /// </summary>
    public static List<T> Transform<T>(IReadOnlyList<string> inputs, string output, bool overwrite, ForegroundRule rule, string verb, string label,
        Func<string, Mask, (Mask Result, T Info)> transform, CancellationToken cancellationToken)
    {
        var names = OutputNames(inputs);
        var infos = new List<T>(inputs.Count);
        AtomicOutput.WriteDirectory(output, overwrite, temp =>
            Ui.WithProgress(label, progress =>
            {
                DerivedMaskStamp.Write(temp, verb);
                for (int i = 0; i < inputs.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Mask mask = ImageFiles.ReadMask(inputs[i], rule);
                    var (result, info) = transform(Path.GetFileName(inputs[i]), mask);
                    PngWriter.WriteMask(Path.Combine(temp, names[i]), result);
                    infos.Add(info);
                    progress.Report((i + 1, inputs.Count));
                }
            }));
        return infos;
    }
}
