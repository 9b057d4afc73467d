using System.Buffers.Binary;
using System.IO.Compression;
using Remask.Core.Imaging;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// PNG mutations that know the chunk layout: header fields (60,000 x 60,000 and other sizes, depths, colour types),
/// chunk lengths and types, chunks dropped, repeated, swapped or added, bytes changed inside a chunk, and the image data
/// inflated, changed and deflated again. Most recompute the chunk's CRC (<see cref="Mutant.ChecksumsKept"/>), so that
/// the reader's checks behind the CRC are reached; the rest are byte mutations that the CRCs must catch.
/// </summary>
public static class PngMutations
{
    private static readonly long[] Sizes = [0, 1, 2, 7, 8, 9, 60000, 65535, 1 << 20, int.MaxValue, 1L << 31, uint.MaxValue];

    public static Mutant Mutate(byte[] png, NoiseRandom random)
    {
        var chunks = Chunk.All(png);
        switch (random.NextInt(12))
        {
            case 0:
            case 1:
            {
                // IHDR fields, CRC recomputed: width / height claim a huge or wrong size, depth / colour type / methods
                var ihdr = chunks[0];
                byte[] data = ihdr.Data(png);
                int field = random.NextInt(7);
                string what;
                if (field < 2 || random.Chance(0.3))
                {
                    long w = Sizes[random.NextInt(Sizes.Length)], h = random.Chance(0.5) ? w : Sizes[random.NextInt(Sizes.Length)];
                    if (random.Chance(0.3)) (w, h) = (60000, 60000);
                    BinaryPrimitives.WriteUInt32BigEndian(data, (uint)w);
                    BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)h);
                    what = $"IHDR size {w}x{h}";
                }
                else
                {
                    int at = 8 + random.NextInt(5);
                    data[at] = (byte)(random.Chance(0.7) ? new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 255 }[random.NextInt(12)] : random.NextInt(256));
                    what = $"IHDR byte {at} = {data[at]}";
                }
                return new Mutant(Replace(png, ihdr, ihdr.Type, data), what + " (CRC fixed)", true);
            }
            case 2:
            {
                // a chunk's length field: the CRC does not cover it
                var c = chunks[random.NextInt(chunks.Count)];
                long value = random.Chance(0.5) ? ByteMutations.Interesting[random.NextInt(ByteMutations.Interesting.Length)] : c.Length + random.NextInt(-4, 4);
                return new Mutant(ByteMutations.WriteInteger(png, c.Offset, 4, true, value), $"{c.Type} at {c.Offset}: length {value}", false);
            }
            case 3:
            {
                // a chunk's type, CRC recomputed: an unknown critical or ancillary chunk, or another known type
                var c = chunks[random.NextInt(chunks.Count)];
                string type = new[] { "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "abCD", "ABCD", "abcd", "iCCP" }[random.NextInt(9)];
                return new Mutant(Replace(png, c, type, c.Data(png)), $"{c.Type} at {c.Offset} renamed {type} (CRC fixed)", true);
            }
            case 4:
            {
                var c = chunks[random.NextInt(chunks.Count)];
                return new Mutant([.. png.AsSpan(0, c.Offset), .. png.AsSpan(c.End)], $"{c.Type} at {c.Offset} removed", true);
            }
            case 5:
            {
                var c = chunks[random.NextInt(chunks.Count)];
                var to = chunks[random.NextInt(chunks.Count)];
                return new Mutant([.. png.AsSpan(0, to.Offset), .. png.AsSpan(c.Offset, c.End - c.Offset), .. png.AsSpan(to.Offset)],
                    $"{c.Type} at {c.Offset} repeated before {to.Type} at {to.Offset}", true);
            }
            case 6:
            {
                // an added chunk: a palette, transparency, an unknown critical chunk, or one of a huge declared length
                var to = chunks[1 + random.NextInt(chunks.Count - 1)];
                int n = new[] { 0, 1, 3, 6, 255, 256, 300, 768, 771 }[random.NextInt(9)];
                string type = new[] { "PLTE", "tRNS", "abCD", "IDAT", "IHDR" }[random.NextInt(5)];
                var data = new byte[n];
                for (int i = 0; i < n; i++) data[i] = (byte)random.NextInt(256);
                byte[] chunk = Chunk.Make(type, data);
                return new Mutant([.. png.AsSpan(0, to.Offset), .. chunk, .. png.AsSpan(to.Offset)], $"{type} of {n} bytes added before {to.Type} at {to.Offset}", true);
            }
            case 7:
            {
                // bytes changed inside a chunk's data, CRC recomputed (in IDAT, the zlib stream's Adler-32 is next in line)
                var c = chunks[random.NextInt(chunks.Count)];
                if (c.Length == 0) goto default;
                var (data, what) = ByteMutations.FlipBits(c.Data(png), random);
                return new Mutant(Replace(png, c, c.Type, data), $"{c.Type} at {c.Offset}: {what} (CRC fixed)", true);
            }
            case 8:
            case 9:
                return Recompressed(png, chunks, random);
            default:
            {
                var (bytes, what) = ByteMutations.Any(png, random);
                return new Mutant(bytes, what, false);
            }
        }
    }

    /// <summary>The image data inflated, changed (filter bytes, lengths, values) and deflated again, in one IDAT: every
    /// checksum holds, so only the reader's own checks stand between the data and the result.</summary>
    private static Mutant Recompressed(byte[] png, List<Chunk> chunks, NoiseRandom random)
    {
        var idats = chunks.Where(c => c.Type == "IDAT").ToList();
        var compressed = new MemoryStream();
        foreach (var c in idats) compressed.Write(png, c.DataOffset, c.Length);
        compressed.Position = 0;
        byte[] raw;
        using (var z = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            var o = new MemoryStream();
            z.CopyTo(o);
            raw = o.ToArray();
        }
        string what;
        switch (random.NextInt(4))
        {
            case 0:
                (raw, what) = ByteMutations.FlipBits(raw, random);
                break;
            case 1:
                (raw, what) = ByteMutations.Truncate(raw, random);
                break;
            case 2:
            {
                int extra = new[] { 1, 7, 64, 1000, 100000 }[random.NextInt(5)];
                raw = [.. raw, .. new byte[extra]];
                what = $"{extra} zero bytes appended";
                break;
            }
            default:
                (raw, what) = ByteMutations.OverwriteBytes(raw, random);
                break;
        }
        var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        byte[] idat = Chunk.Make("IDAT", deflated.ToArray());
        int first = idats[0].Offset, afterLast = idats[^1].End;
        return new Mutant([.. png.AsSpan(0, first), .. idat, .. png.AsSpan(afterLast)], $"image data inflated, {what}, deflated into one IDAT", true);
    }

    /// <summary>A whole chunk with its CRC (the writer's own chunk code), to build a mutant or a regression case.</summary>
    public static byte[] MakeChunk(string type, byte[] data)
    {
        var stream = new MemoryStream();
        PngWriter.WriteChunk(stream, type, data);
        return stream.ToArray();
    }

    /// <summary><paramref name="png"/> with chunk number <paramref name="index"/> (0: IHDR) replaced by a chunk of
    /// <paramref name="type"/> and <paramref name="data"/>, its CRC valid.</summary>
    public static byte[] WithChunk(byte[] png, int index, string type, byte[] data) =>
        Replace(png, Chunk.All(png)[index], type, data);

    /// <summary>The type and data of every chunk of a valid PNG, in file order.</summary>
    public static IReadOnlyList<(string Type, byte[] Data)> Chunks(byte[] png) =>
        Chunk.All(png).Select(c => (c.Type, c.Data(png))).ToList();

    private static byte[] Replace(byte[] png, Chunk c, string type, byte[] data) =>
        [.. png.AsSpan(0, c.Offset), .. Chunk.Make(type, data), .. png.AsSpan(c.End)];

    /// <summary>A chunk of a valid PNG: where it starts (its length field), its type and data length.</summary>
    private readonly record struct Chunk(int Offset, string Type, int Length)
    {
        public int DataOffset => Offset + 8;
        public int End => Offset + 12 + Length;

        public byte[] Data(byte[] png) => png.AsSpan(DataOffset, Length).ToArray();

        public static List<Chunk> All(byte[] png)
        {
            var list = new List<Chunk>();
            for (int at = 8; at + 12 <= png.Length;)
            {
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
                list.Add(new Chunk(at, System.Text.Encoding.ASCII.GetString(png, at + 4, 4), length));
                at += 12 + length;
            }
            return list;
        }

        /// <summary>A whole chunk: length, type, data and the CRC of type and data.</summary>
        public static byte[] Make(string type, byte[] data) => MakeChunk(type, data);
    }
}
