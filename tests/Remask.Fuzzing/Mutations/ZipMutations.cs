using System.Buffers.Binary;
using System.IO.Compression;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// Mutations of a zip archive such as PyTorch's state_dict files (data.pkl and one entry per tensor storage): an entry's
/// content changed and the archive written again (its CRC-32s valid: a pickle whose shapes, strides, offsets or keys are
/// boundary integers, a storage cut short or grown), or the archive's bytes changed in place (sizes and offsets of the
/// local and central headers, or any byte), which the zip CRC-32s and structure must catch.
/// </summary>
public static class ZipMutations
{
    public static Mutant Mutate(byte[] zip, NoiseRandom random)
    {
        var entries = Read(zip);
        switch (random.NextInt(6))
        {
            case 0:
            case 1:
            {
                // the pickle: integers (shapes, strides, storage offsets, element counts) set to boundary values
                int k = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
                if (k < 0) goto default;
                var (pickle, what) = MutatePickle(entries[k].Data, random);
                entries[k] = entries[k] with { Data = pickle };
                return new Mutant(Write(entries), $"{entries[k].Name}: {what} (archive rewritten)", true);
            }
            case 2:
            {
                // a storage or another entry: cut, grown, or bits flipped
                var e = entries[random.NextInt(entries.Count)];
                var (data, what) = random.NextInt(3) switch
                {
                    0 => ByteMutations.Truncate(e.Data, random),
                    1 => ([.. e.Data, .. new byte[new[] { 1, 4, 1000 }[random.NextInt(3)]]], "grown"),
                    _ => ByteMutations.FlipBits(e.Data, random),
                };
                int k = entries.IndexOf(e);
                entries[k] = e with { Data = data };
                return new Mutant(Write(entries), $"{e.Name}: {what} (archive rewritten)", true);
            }
            case 3:
            {
                // an entry removed or renamed
                var e = entries[random.NextInt(entries.Count)];
                if (random.Chance(0.5))
                {
                    entries.Remove(e);
                    return new Mutant(Write(entries), $"{e.Name} removed (archive rewritten)", true);
                }
                int k = entries.IndexOf(e);
                entries[k] = e with { Name = e.Name + "x" };
                return new Mutant(Write(entries), $"{e.Name} renamed (archive rewritten)", true);
            }
            case 4:
            {
                // a size, offset or count field of the zip structure, in place
                var fields = Fields(zip);
                var (offset, width, name) = fields[random.NextInt(fields.Count)];
                long value = ByteMutations.Interesting[random.NextInt(ByteMutations.Interesting.Length)];
                return new Mutant(ByteMutations.WriteInteger(zip, offset, width, false, value), $"{name} at {offset} = {value}", false);
            }
            default:
            {
                var (bytes, what) = ByteMutations.Any(zip, random);
                return new Mutant(bytes, what, false);
            }
        }
    }

    /// <summary>Integer opcodes of the pickle (BININT1 'K', BININT2 'M', BININT 'J') set to boundary values, or bits flipped.</summary>
    private static (byte[], string) MutatePickle(byte[] pickle, NoiseRandom random)
    {
        var ints = new List<(int At, int Width)>();
        for (int i = 0; i + 1 < pickle.Length; i++)
        {
            int width = pickle[i] switch { (byte)'K' => 1, (byte)'M' => 2, (byte)'J' => 4, _ => 0 };
            if (width > 0 && i + width < pickle.Length) ints.Add((i + 1, width));
        }
        if (ints.Count == 0 || random.Chance(0.2)) return ByteMutations.FlipBits(pickle, random);
        int n = 1 + random.NextInt(3);
        var b = pickle;
        var what = new List<string>();
        for (int k = 0; k < n; k++)
        {
            var (at, width) = ints[random.NextInt(ints.Count)];
            long value = new long[] { 0, 1, 2, 255, 65535, 60000, 1 << 20, int.MaxValue, -1, -60000 }[random.NextInt(10)];
            b = ByteMutations.WriteInteger(b, at, width, false, value);
            what.Add($"int at {at} = {value}");
        }
        return (b, string.Join(", ", what));
    }

    /// <summary>An entry of an archive: its name and uncompressed data.</summary>
    public sealed record Entry(string Name, byte[] Data);

    public static List<Entry> Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            var data = new MemoryStream();
            s.CopyTo(data);
            return new Entry(e.FullName, data.ToArray());
        }).ToList();
    }

    /// <summary>A new archive of <paramref name="entries"/>, stored without compression (as torch.save writes them).</summary>
    public static byte[] Write(IEnumerable<Entry> entries)
    {
        var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
            {
                using var s = archive.CreateEntry(e.Name, CompressionLevel.NoCompression).Open();
                s.Write(e.Data);
            }
        return output.ToArray();
    }

    /// <summary>The size, offset and count fields of every local header, central directory record and the end record.</summary>
    private static List<(int Offset, int Width, string Name)> Fields(byte[] zip)
    {
        var list = new List<(int, int, string)>();
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && i + 30 <= zip.Length)
                list.AddRange([(i + 14, 4, "local CRC-32"), (i + 18, 4, "local compressed size"), (i + 22, 4, "local size"), (i + 26, 2, "local name length"), (i + 28, 2, "local extra length")]);
            else if (signature == 0x02014b50 && i + 46 <= zip.Length)
                list.AddRange([(i + 10, 2, "central method"), (i + 20, 4, "central compressed size"), (i + 24, 4, "central size"), (i + 28, 2, "central name length"), (i + 42, 4, "central local-header offset")]);
            else if (signature == 0x06054b50 && i + 22 <= zip.Length)
                list.AddRange([(i + 10, 2, "entry count"), (i + 12, 4, "central directory size"), (i + 16, 4, "central directory offset")]);
        }
        return list.Count > 0 ? list : [(0, 4, "signature")];
    }
}
