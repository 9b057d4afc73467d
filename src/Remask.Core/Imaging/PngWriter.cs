using System.Buffers.Binary;
using System.IO.Compression;
using Remask.Core.IO;

namespace Remask.Core.Imaging;

/// <summary>
/// Writes PNG files: gray, gray+alpha, RGB or RGBA at 8 or 16 bits, non-interlaced. Each row is filtered with
/// the filter (of the five PNG filters) whose output has the smallest sum of absolute values, as libpng does.
/// A gray raster whose <see cref="Raster.MaxValue"/> is 1, 3 or 15 (as <see cref="PngReader"/> gives for 1-, 2-
/// and 4-bit gray files) is written at that bit depth, so reading it back gives the same samples and maximum.
/// </summary>
public static class PngWriter
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// Writes <paramref name="raster"/> as a whole PNG file (signature, IHDR, IDAT, IEND) to <paramref name="stream"/>,
    /// at its bit depth, or at 1, 2 or 4 bits for a gray raster with <see cref="Raster.MaxValue"/> 1, 3 or 15.
    /// </summary>
    public static void Write(Stream stream, Raster raster)
    {
        int fileDepth = FileBitDepth(raster);
        int bpp = Math.Max(1, raster.Channels * fileDepth / 8);   // bytes per pixel, the filter distance
        int rowBytes = checked((raster.Width * raster.Channels * fileDepth + 7) / 8);
        byte colorType = raster.Channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };

        stream.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, raster.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], raster.Height);
        ihdr[8] = (byte)fileDepth;
        ihdr[9] = colorType;
        ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
        WriteChunk(stream, "IHDR", ihdr);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var prev = new byte[rowBytes];
            var cur = new byte[rowBytes];
            var best = new byte[rowBytes + 1];
            var trial = new byte[rowBytes + 1];
            for (int y = 0; y < raster.Height; y++)
            {
                int n = raster.Width * raster.Channels;
                PackRow(raster.Samples.AsSpan(y * n, n), fileDepth, cur);
                long bestScore = long.MaxValue;
                for (byte f = 0; f <= 4; f++)
                {
                    long score = Filter(f, cur, prev, bpp, trial);
                    if (score < bestScore) { bestScore = score; (best, trial) = (trial, best); }
                }
                z.Write(best);
                (prev, cur) = (cur, prev);
            }
        }
        WriteChunk(stream, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(stream, "IEND", ReadOnlySpan<byte>.Empty);
    }

    /// <summary>The bit depth written to the file: 1, 2 or 4 for gray rasters with that many significant bits.</summary>
    internal static int FileBitDepth(Raster raster) =>
        raster.Channels == 1 && raster.BitDepth == 8
            ? raster.MaxValue switch { 1 => 1, 3 => 2, 15 => 4, _ => 8 }
            : raster.BitDepth;

    /// <summary>Packs one row of samples big-endian at the given depth (1, 2, 4, 8 or 16 bits), most significant bits first.</summary>
    internal static void PackRow(ReadOnlySpan<ushort> samples, int depth, Span<byte> row)
    {
        if (depth == 16)
        {
            for (int i = 0; i < samples.Length; i++) { row[2 * i] = (byte)(samples[i] >> 8); row[2 * i + 1] = (byte)samples[i]; }
            return;
        }
        if (depth == 8)
        {
            for (int i = 0; i < samples.Length; i++) row[i] = (byte)samples[i];
            return;
        }
        row.Clear();
        int max = (1 << depth) - 1;
        for (int i = 0; i < samples.Length; i++)
        {
            int v = samples[i];
            if (v > max) throw new ArgumentException($"sample {v} exceeds the raster's maximum {max}", nameof(samples));
            int bit = i * depth;
            row[bit >> 3] |= (byte)(v << (8 - depth - (bit & 7)));
        }
    }

    /// <summary>
    /// Writes <paramref name="raster"/> to the file <paramref name="path"/>, replaced only when complete
    /// (<see cref="AtomicOutput"/>).
    /// </summary>
    public static void Write(string path, Raster raster) =>
        IO.AtomicOutput.WriteFile(path, s => Write(s, raster));

    /// <summary>Writes a mask as an 8-bit gray PNG with values 0 and 255.</summary>
    public static void WriteMask(string path, Mask mask)
    {
        var samples = new ushort[mask.Length];
        ReadOnlySpan<byte> p = mask.Pixels;
        for (int i = 0; i < samples.Length; i++) samples[i] = p[i] != 0 ? (ushort)255 : (ushort)0;
        Write(path, new Raster(mask.Width, mask.Height, 1, 8, samples));
    }

    /// <summary>Writes an image (values clamped to [0, 1]) as 8-bit gray or RGB.</summary>
    public static void WriteImage(string path, Image image, int bitDepth = 8) =>
        Write(path, RasterConversions.FromImage(image, bitDepth));

    private static long Filter(byte type, byte[] cur, byte[] prev, int bpp, byte[] output)
    {
        output[0] = type;
        long score = 0;
        for (int i = 0; i < cur.Length; i++)
        {
            int a = i >= bpp ? cur[i - bpp] : 0;
            int b = prev[i];
            int c = i >= bpp ? prev[i - bpp] : 0;
            int predictor = type switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => PngFilters.Paeth(a, b, c),
            };
            byte v = (byte)(cur[i] - predictor);
            output[i + 1] = v;
            score += v < 128 ? v : 256 - v;
        }
        return score;
    }

    /// <summary>One chunk: length, type, data and the CRC of type and data (also used by the reader fuzzer to keep
    /// CRCs valid after a mutation).</summary>
    internal static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        for (int i = 0; i < 4; i++) header[4 + i] = (byte)type[i];
        stream.Write(header);
        stream.Write(data);
        var hash = new System.IO.Hashing.Crc32();
        hash.Append(header[4..]);
        hash.Append(data);
        uint crc = hash.GetCurrentHashAsUInt32();
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        stream.Write(crcBytes);
    }
}
