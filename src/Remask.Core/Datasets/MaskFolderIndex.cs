namespace Remask.Core.Datasets;

/// <summary>
/// The mask files of one folder by sample name (<see cref="SampleFileNames.SampleOfMask"/>): what a folder of noisy,
/// repaired or predicted masks, or a ground-truth folder, holds for each sample. Two files for one sample
/// (<c>a.png</c> and <c>a_mask.png</c>) are a problem; the first by name is kept.
/// </summary>
public sealed class MaskFolderIndex
{
    private readonly Dictionary<string, string> _byName;

    /// <summary>The folder's full path.</summary>
    public string Folder { get; }
    /// <summary>
    /// Second mask files of a sample already listed, each skipped; empty when every sample has one file.
    /// </summary>
    public IReadOnlyList<DatasetProblem> Problems { get; }

    private MaskFolderIndex(string folder, Dictionary<string, string> byName, List<DatasetProblem> problems)
    {
        Folder = folder;
        _byName = byName;
        Problems = problems;
    }

    /// <summary>Lists <paramref name="folder"/> (image files; with <paramref name="volumes"/> also .nii/.nii.gz).</summary>
    public static MaskFolderIndex Of(string folder, bool volumes = false)
    {
        if (File.Exists(folder)) throw new RemaskDataException(folder, "is a file, not a folder of masks");
        if (!Directory.Exists(folder)) throw new RemaskDataException(folder, "folder not found");
        var files = DatasetFiles.ImageFilesIn(folder);
        if (volumes) files = files.Concat(DatasetFiles.VolumeFilesIn(folder)).OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<DatasetProblem>();
        foreach (string file in files)
        {
            if (SampleFileNames.SampleOfMask(file) is not string name) continue;
            if (!byName.TryAdd(name, file))
                problems.Add(new DatasetProblem(file, $"a second mask for '{name}' (first: {Path.GetFileName(byName[name])}); skipped"));
        }
        return new MaskFolderIndex(Path.GetFullPath(folder), byName, problems);
    }

    /// <summary>The number of samples that have a mask file here.</summary>
    public int Count => _byName.Count;

    /// <summary>The names of the samples that have a mask file here, sorted (ordinal).</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>The file of sample <paramref name="name"/>, or null.</summary>
    public string? PathOf(string name) => _byName.GetValueOrDefault(name);
}
