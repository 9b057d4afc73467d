using System.IO.Compression;
using Remask.Core;
using Remask.Core.IO;

namespace Remask.Torch.Interchange;

/// <summary>
/// A file in PyTorch's zip format (torch.save: data.pkl and one entry per tensor storage), checked before
/// TorchSharp.PyBridge reads it, which does not: every entry's CRC-32 (a damaged tensor would otherwise load as other
/// weights), the sizes the archive declares against what the module can need (a zip bomb, or a size field damaged to
/// gigabytes), and the pickle's opcodes and lengths (<see cref="PickleCheck"/>).
/// </summary>
internal static class TorchArchive
{
    /// <summary>The most bytes a file for a module of <paramref name="tensorBytes"/> bytes of tensors may declare: an
    /// optimizer keeps two moments per parameter, and the pickle and small entries get a megabyte.</summary>
    public static long Limit(long tensorBytes) => 4 * tensorBytes + (1 << 20);

    /// <summary>The most bytes an archive of <paramref name="fileBytes"/> bytes can hold whatever it is for: deflate
    /// expands at most 1032 times (torch.save stores its entries, so a real file declares about its own size).</summary>
    public static long LimitOfFile(long fileBytes) => 1032 * fileBytes + (1 << 20);

    /// <summary>Checks the archive in <paramref name="stream"/> (left at position 0); every problem is a
    /// <see cref="RemaskDataException"/> naming <paramref name="path"/>: "cannot read <paramref name="what"/> (...)".</summary>
    public static void Check(Stream stream, string path, long limit, string what)
    {
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long declared = archive.Entries.Sum(e => e.Length);
            if (declared > limit)
                throw Unreadable(path, what, $"the archive declares {declared} bytes of entries, more than it can hold here ({limit})");
            int pickles = 0;
            foreach (var entry in archive.Entries)
            {
                byte[] data = ReadEntry(entry, path, what);
                if (!entry.FullName.EndsWith("data.pkl", StringComparison.Ordinal)) continue;
                pickles++;
                if (PickleCheck.Problem(data) is { } problem) throw Unreadable(path, what, $"{entry.FullName}: {problem}");
            }
            if (pickles != 1) throw Unreadable(path, what, $"not a torch.save file: {pickles} data.pkl entries");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            throw new RemaskDataException(path, $"cannot read {what} (not a readable zip archive, as torch.save writes: {e.Message.ReplaceLineEndings(" ")})", e);
        }
        stream.Position = 0;
    }

    private static RemaskDataException Unreadable(string path, string what, string problem) => new(path, $"cannot read {what} ({problem})");

    /// <summary>An entry's bytes, which must be as many as declared and match the declared CRC-32.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, string path, string what)
    {
        var data = new byte[entry.Length];
        using (var s = entry.Open())
        {
            s.ReadExactly(data);
            if (s.ReadByte() >= 0) throw Unreadable(path, what, $"entry {entry.FullName} holds more than its declared {entry.Length} bytes");
        }
        if (System.IO.Hashing.Crc32.HashToUInt32(data) != entry.Crc32) throw Unreadable(path, what, $"entry {entry.FullName} is damaged: its CRC-32 does not match");
        return data;
    }
}
