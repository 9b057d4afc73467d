namespace Remask.Core.Datasets;

/// <summary>File-listing rules shared by the layouts.</summary>
public static class DatasetFiles
{
    /// <summary>Hidden files and macOS resource forks ("._NAME", found in the Decathlon archives) are not data.</summary>
    public static bool IsJunk(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith('.') || name.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Image files (<see cref="Imaging.ImageFiles.IsImageFile"/>) directly in <paramref name="dir"/>,
    /// without hidden files and resource forks, sorted by name (ordinal).</summary>
    public static List<string> ImageFilesIn(string dir) =>
        Directory.EnumerateFiles(dir)
            .Where(f => !IsJunk(f) && Imaging.ImageFiles.IsImageFile(f))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();

    /// <summary>NIfTI files (.nii, .nii.gz) directly in <paramref name="dir"/>, hidden files and resource forks left
    /// out, sorted by name (ordinal).</summary>
    public static List<string> VolumeFilesIn(string dir) =>
        Directory.EnumerateFiles(dir)
            .Where(f => !IsJunk(f) && IsVolumeFile(f))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();

    /// <summary>True for a NIfTI file name: <paramref name="path"/> ends in .nii or .nii.gz (any case).</summary>
    public static bool IsVolumeFile(string path) =>
        path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase);

    /// <summary>"liver_3.nii.gz" → "liver_3"; "a.b.png" → "a.b".</summary>
    public static string Stem(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase)) return name[..^7];
        return Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>Finds a subfolder of <paramref name="dir"/> by name, ignoring case.</summary>
    public static string? FindDirectory(string dir, string name) =>
        Directory.Exists(dir)
            ? Directory.EnumerateDirectories(dir).FirstOrDefault(d => string.Equals(Path.GetFileName(d), name, StringComparison.OrdinalIgnoreCase))
            : null;
}
