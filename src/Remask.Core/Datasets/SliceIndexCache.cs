using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>Size of a label volume's slices and the foreground voxel count of each axial slice.</summary>
public sealed record SliceIndex(int Nx, int Ny, long[] ForegroundPixels);

/// <summary>
/// Remembers <see cref="SliceIndex"/> of label volumes between runs, so that a large Decathlon task is scanned
/// once. Entries live in the user's cache folder (never beside the data, which is not modified) under a key made
/// of the file's full path, size, modification time and the foreground rule; a changed file is scanned again.
/// A damaged cache entry is ignored and rewritten.
/// </summary>
internal sealed class SliceIndexCache
{
    private readonly string _dir;

    public SliceIndexCache(string? directory = null)
    {
        _dir = directory ?? Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "remask", "slices");
    }

    public SliceIndex GetOrCompute(string labelPath, ForegroundRule rule, Func<SliceIndex> compute)
    {
        string file = Path.Combine(_dir, Key(labelPath, rule) + ".json");
        if (File.Exists(file))
        {
            try
            {
                var cached = JsonSerializer.Deserialize<SliceIndex>(File.ReadAllText(file));
                if (cached is { ForegroundPixels: not null } && cached.Nx > 0 && cached.Ny > 0) return cached;
            }
            catch (JsonException) { }
            catch (IOException) { }
        }
        SliceIndex index = compute();
        try
        {
            IO.AtomicOutput.WriteAllText(file, JsonSerializer.Serialize(index));
        }
        catch (IOException) { }            // a cache that cannot be written only costs time
        catch (UnauthorizedAccessException) { }
        return index;
    }

    private static string Key(string path, ForegroundRule rule)
    {
        var info = new FileInfo(path);
        string text = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{rule}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
    }
}
