using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Remask.Core.Datasets.Preprocessed;

/// <summary>
/// The name of a preprocessed-cache entry: a hash of everything that changes its pixels: every sample's files
/// (full path, size, modification time; for slices the slice index), the mask folders' files of each sample (and the
/// rule they are read with), the training size and the reading settings (foreground rule, CT window). Any change gives
/// another key, so a stale entry is never read.
/// </summary>
internal static class PreprocessedKey
{
    /// <summary>Bump when the cache's contents or the preprocessing change meaning.</summary>
    public const int FormatVersion = 1;

    public static string Of(IReadOnlyList<SampleRef> samples, IReadOnlyList<MaskFolderReader> maskFolders, int size, string settings)
    {
        var stats = new Dictionary<string, string>(StringComparer.Ordinal);
        string Stat(string? path)
        {
            if (path is null) return "-";
            if (!stats.TryGetValue(path, out string? s))
            {
                var info = new FileInfo(path);
                stats[path] = s = info.Exists
                    ? string.Create(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}")
                    : info.FullName + "|missing";
            }
            return s;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"remask-preprocessed v{FormatVersion}\nsize {size}\n{settings}\n");
        foreach (var r in samples)
            text.Append(CultureInfo.InvariantCulture, $"{r.Name}\t{Stat(r.ImagePath)}\t{Stat(r.MaskPath)}\t{r.Slice}\n");
        foreach (var folder in maskFolders)
        {
            text.Append(CultureInfo.InvariantCulture, $"masks {folder.Location} {folder.Rule}\n");
            foreach (var r in samples) text.Append(Stat(folder.PathOf(r.Name))).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32].ToLowerInvariant();
    }
}
