using System.IO.Compression;

namespace Remask.KillTesting;

/// <summary>Compares two PyTorch files (model.pt, optimizer.pt: zip archives) by content: the same entries, each with the
/// same bytes once decompressed. The entries are the tensors' storages (data/0, data/1, ...) and the pickle that names
/// them and gives their shapes, so equal entries are equal tensors, bit for bit.</summary>
public static class WeightFiles
{
    /// <summary>Null when the two files hold the same entries with the same bytes; otherwise what differs.</summary>
    public static string? Difference(string expected, string actual)
    {
        if (!File.Exists(expected)) return $"{expected} is missing";
        if (!File.Exists(actual)) return $"{actual} is missing";
        var a = Entries(expected);
        var b = Entries(actual);
        var names = a.Keys.Union(b.Keys).Order(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!a.TryGetValue(name, out var x)) return $"{Path.GetFileName(actual)}: entry {name} is not in the reference";
            if (!b.TryGetValue(name, out var y)) return $"{Path.GetFileName(actual)}: entry {name} is missing";
            if (!x.AsSpan().SequenceEqual(y))
            {
                int at = x.AsSpan().CommonPrefixLength(y);
                return $"{Path.GetFileName(actual)}: entry {name} differs at byte {at} of {x.Length}";
            }
        }
        return null;
    }

    /// <summary>The number of tensor storages (entries under data/) in a file.</summary>
    public static int TensorCount(string path) => Entries(path).Keys.Count(k => k.Contains("/data/", StringComparison.Ordinal));

    /// <summary>Every entry's decompressed bytes, by its name without the archive's top folder (which names the file).</summary>
    private static Dictionary<string, byte[]> Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            int slash = e.FullName.IndexOf('/');
            entries[slash < 0 ? e.FullName : e.FullName[slash..]] = m.ToArray();
        }
        return entries;
    }
}
