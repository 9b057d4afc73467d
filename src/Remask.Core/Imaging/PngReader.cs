using System.IO.Compression;

namespace Remask.Core.Imaging;

/// <summary>
/// A complete managed PNG decoder: colour types gray, RGB, palette, gray+alpha and RGBA; bit depths 1, 2, 4, 8
/// and 16; Adam7 interlacing; all five row filters; image data split over any number of IDAT chunks. Every
/// chunk's CRC is checked; the image data is inflated with <see cref="ZLibStream"/>.
/// </summary>
/// <remarks>
/// Samples are returned as stored, never rescaled: depths up to 8 give a <see cref="Raster"/> of bit depth 8,
/// 16 gives 16. Gray images of 1, 2 or 4 bits keep their values (0..1, 0..3, 0..15) and get a
/// <see cref="Raster.MaxValue"/> of 1, 3 or 15, so label maps keep their labels and images still scale to [0, 1].
/// Palette images give 8-bit RGB colours (RGBA when a tRNS chunk gives transparency), or with
/// <see cref="PngPaletteMode.Indices"/> the palette indices themselves (VOC-style label maps).
/// A tRNS chunk of a gray or RGB image (one transparent colour) is ignored: the stored samples are kept.
/// Ancillary chunks (text, gamma, colour profiles, APNG frames) are skipped; gamma is not applied.
/// Every problem with the data is a <see cref="RemaskDataException"/> naming the source.
/// </remarks>
public static class PngReader
{
    /// <summary>Deflate cannot expand data more than about 1032 times; more declared pixels mean missing data.</summary>
    private const long MaxInflateRatio = 1100;

    /// <summary>True when <paramref name="file"/> starts with the 8-byte PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => PngChunks.HasSignature(file);

    /// <summary>Reads and decodes a PNG file.</summary>
    public static Raster Read(string path, PngPaletteMode palette = PngPaletteMode.Colors) =>
        Decode(ImageFiles.ReadAllBytes(path), path, palette);

    /// <summary>Decodes a whole PNG file held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static Raster Decode(byte[] file, string source, PngPaletteMode palette = PngPaletteMode.Colors)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!HasSignature(file)) throw new RemaskDataException(source, "not a PNG file (wrong signature)");
        var (header, plte, trns, idat) = ReadChunks(file, source);
        if (header.ColorType == PngColorType.Palette) header = header with { HasPaletteAlpha = trns is not null };
        int outChannels = header.Channels(palette);
        if ((long)header.Width * header.Height > Array.MaxLength / Math.Max(outChannels, header.StoredChannels))   // no overflow: both sides < 2^62
            throw new RemaskDataException(source, $"unsupported PNG: image {header.Width}x{header.Height} is too large");

        byte[] raw = Inflate(idat, header, source);
        ushort[] stored = Unfilter(raw, header, source);
        int bitDepth = header.BitDepth == 16 ? 16 : 8;
        int? maxValue = header.BitDepth < 8 && (header.ColorType == PngColorType.Gray || palette == PngPaletteMode.Indices)
            ? (1 << header.BitDepth) - 1
            : null;
        if (header.ColorType != PngColorType.Palette || palette == PngPaletteMode.Indices)
            return new Raster(header.Width, header.Height, header.StoredChannels, bitDepth, stored, maxValue);
        return new Raster(header.Width, header.Height, outChannels, 8, ExpandPalette(stored, plte!, trns, source));
    }

    /// <summary>
    /// Reads only the start of a PNG stream: the IHDR chunk, and for palette images the chunks before the image
    /// data (to learn whether a tRNS chunk makes the colours RGBA).
    /// </summary>
    public static PngHeader ReadHeader(Stream stream, string source)
    {
        Span<byte> buffer = stackalloc byte[8 + 8 + 13 + 4];
        ReadExactly(stream, buffer, source);
        if (!HasSignature(buffer)) throw new RemaskDataException(source, "not a PNG file (wrong signature)");
        PngChunk ihdr = PngChunks.ReadAt(buffer, 8, source);
        if (ihdr.Type != "IHDR") throw new RemaskDataException(source, $"corrupt PNG: the first chunk is {ihdr.Type}, not IHDR");
        PngHeader header = PngHeader.Parse(buffer.Slice(ihdr.DataOffset, ihdr.Length), source);
        if (header.ColorType != PngColorType.Palette) return header;
        Span<byte> chunkHeader = stackalloc byte[8];
        long offset = buffer.Length;
        while (true)
        {
            ReadExactly(stream, chunkHeader, source);
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(chunkHeader);
            string type = PngChunks.TypeName(chunkHeader[4..], (int)Math.Min(offset, int.MaxValue), source);
            if (type == "tRNS") return header with { HasPaletteAlpha = true };
            if (type is "IDAT" or "IEND") return header;
            if (length > int.MaxValue) throw new RemaskDataException(source, $"corrupt PNG: chunk {type} at byte {offset} declares length {length}");
            Skip(stream, length + 4L, source);
            offset += 12 + length;
        }
    }

    /// <summary>Walks the chunks (CRCs checked): the header, the palette and transparency chunks, and the image data of
    /// every IDAT chunk concatenated (positioned at its start).</summary>
    internal static (PngHeader Header, byte[]? Plte, byte[]? Trns, MemoryStream Idat) ReadChunks(byte[] file, string source)
    {
        PngHeader? header = null;
        byte[]? plte = null, trns = null;
        var idat = new MemoryStream();
        int offset = PngChunks.Signature.Length;
        while (true)
        {
            if (offset >= file.Length) throw new RemaskDataException(source, "truncated PNG: the file ends before the IEND chunk");
            PngChunk chunk = PngChunks.ReadAt(file, offset, source);
            ReadOnlySpan<byte> data = file.AsSpan(chunk.DataOffset, chunk.Length);
            if (header is null && chunk.Type != "IHDR")
                throw new RemaskDataException(source, $"corrupt PNG: the first chunk is {chunk.Type}, not IHDR");
            switch (chunk.Type)
            {
                case "IHDR":
                    if (header is not null) throw new RemaskDataException(source, "corrupt PNG: a second IHDR chunk");
                    header = PngHeader.Parse(data, source);
                    break;
                case "PLTE":
                    if (idat.Length > 0) throw new RemaskDataException(source, "corrupt PNG: PLTE chunk after the image data");
                    if (plte is not null) throw new RemaskDataException(source, "corrupt PNG: a second PLTE chunk");
                    if (header!.Value.ColorType is PngColorType.Gray or PngColorType.GrayAlpha)
                        throw new RemaskDataException(source, "corrupt PNG: PLTE chunk in a gray image");
                    if (data.Length == 0 || data.Length % 3 != 0 || data.Length > 3 * 256)
                        throw new RemaskDataException(source, $"corrupt PNG: PLTE chunk of {data.Length} bytes (must be 3 to 768, a multiple of 3)");
                    plte = data.ToArray();
                    break;
                case "tRNS":
                    // the palette's alphas are used (ExpandPalette), so they must be where and what PNG says; other colour
                    // types' tRNS is not used (the stored samples are kept)
                    if (header!.Value.ColorType == PngColorType.Palette)
                    {
                        if (trns is not null) throw new RemaskDataException(source, "corrupt PNG: a second tRNS chunk");
                        if (plte is null || idat.Length > 0) throw new RemaskDataException(source, "corrupt PNG: tRNS chunk outside its place (after PLTE, before the image data)");
                        if (data.Length > plte.Length / 3)
                            throw new RemaskDataException(source, $"corrupt PNG: tRNS chunk of {data.Length} alphas for a palette of {plte.Length / 3} colours");
                    }
                    trns = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    if (idat.Length == 0) throw new RemaskDataException(source, "corrupt PNG: no image data (IDAT chunk)");
                    if (header!.Value.ColorType == PngColorType.Palette && plte is null)
                        throw new RemaskDataException(source, "corrupt PNG: palette image without a PLTE chunk");
                    idat.Position = 0;
                    return (header.Value, plte, trns, idat);
                default:
                    if (chunk.IsCritical) throw new RemaskDataException(source, $"unsupported PNG: unknown critical chunk {chunk.Type}");
                    break;
            }
            offset = chunk.End;
        }
    }

    /// <summary>Inflates the concatenated IDAT data to exactly the filtered bytes the header calls for.</summary>
    private static byte[] Inflate(MemoryStream idat, PngHeader header, string source)
    {
        long total = FilteredLength(header, idat.Length, source);
        if (total > Array.MaxLength)
            throw new RemaskDataException(source, $"unsupported PNG: image {header.Width}x{header.Height} is too large");
        var raw = new byte[total];
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int got = z.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length)
                throw new RemaskDataException(source, $"truncated PNG: the compressed image data ends after {got} of {raw.Length} bytes");
            var adler = new Adler32();
            adler.Update(raw);
            PngZlibEnd.Check(z, adler, raw.Length, idat.GetBuffer().AsSpan(0, (int)idat.Length), source);
        }
        catch (InvalidDataException e)
        {
            throw new RemaskDataException(source, $"corrupt PNG: bad compressed image data ({OneLine(e.Message)})", e);
        }
        return raw;
    }

    /// <summary>
    /// The filtered bytes the header calls for: every pass's rows, each a filter-type byte and its samples. More than
    /// <paramref name="compressed"/> bytes of deflate data can hold is a <see cref="RemaskDataException"/> (truncated).
    /// </summary>
    internal static long FilteredLength(PngHeader header, long compressed, string source)
    {
        long limit = compressed * MaxInflateRatio + 1024, total = 0;
        foreach (PngPass pass in PngPass.For(header.Interlaced))
        {
            int columns = pass.Columns(header.Width), rows = pass.Rows(header.Height);
            if (columns == 0 || rows == 0) continue;
            long row = 1 + header.RowBytes(columns);
            // compared before multiplying: a 2^31 x 2^31 header would overflow the product
            if (rows > (limit - total) / row)
                throw new RemaskDataException(source, $"truncated PNG: {compressed} bytes of compressed data cannot hold a {header.Width}x{header.Height} image");
            total += rows * row;
        }
        return total;
    }

    /// <summary>Undoes the row filters of every pass and places the samples, interleaved, in image order.</summary>
    private static ushort[] Unfilter(byte[] raw, PngHeader header, string source)
    {
        int spp = header.StoredChannels;
        int width = header.Width;
        var samples = new ushort[(long)width * header.Height * spp];
        int bpp = header.FilterDistance;
        int offset = 0;
        ushort[] passRow = header.Interlaced ? new ushort[width * spp] : [];   // pass 7 has full rows
        foreach (PngPass pass in PngPass.For(header.Interlaced))
        {
            int columns = pass.Columns(width), rows = pass.Rows(header.Height);
            if (columns == 0 || rows == 0) continue;
            int rowBytes = (int)header.RowBytes(columns);
            Span<byte> prev = new byte[rowBytes];   // the row before the first row of a pass is all zeros
            for (int j = 0; j < rows; j++)
            {
                byte filter = raw[offset];
                Span<byte> row = raw.AsSpan(offset + 1, rowBytes);
                int y = pass.Y0 + j * pass.DY;
                if (!PngFilters.Unfilter(filter, row, prev, bpp))
                    throw new RemaskDataException(source, $"corrupt PNG: unknown filter type {filter} in image row {y}");
                if (!header.Interlaced)
                {
                    UnpackRow(row, header.BitDepth, samples.AsSpan(y * width * spp, width * spp));
                }
                else
                {
                    Span<ushort> unpacked = passRow.AsSpan(0, columns * spp);
                    UnpackRow(row, header.BitDepth, unpacked);
                    for (int i = 0; i < columns; i++)
                        unpacked.Slice(i * spp, spp).CopyTo(samples.AsSpan((y * width + pass.X0 + i * pass.DX) * spp, spp));
                }
                prev = row;
                offset += rowBytes + 1;
            }
        }
        return samples;
    }

    /// <summary>Reads samples of 1, 2, 4, 8 or 16 bits (big-endian, most significant bits first) from a row.</summary>
    internal static void UnpackRow(ReadOnlySpan<byte> row, int depth, Span<ushort> samples)
    {
        switch (depth)
        {
            case 8:
                for (int i = 0; i < samples.Length; i++) samples[i] = row[i];
                break;
            case 16:
                for (int i = 0; i < samples.Length; i++) samples[i] = (ushort)(row[2 * i] << 8 | row[2 * i + 1]);
                break;
            default:
                int mask = (1 << depth) - 1;
                for (int i = 0; i < samples.Length; i++)
                {
                    int bit = i * depth;
                    samples[i] = (ushort)((row[bit >> 3] >> (8 - depth - (bit & 7))) & mask);
                }
                break;
        }
    }

    /// <summary>Sample <paramref name="index"/> of a row of samples of 1, 2, 4, 8 or 16 bits (as <see cref="UnpackRow"/> reads them).</summary>
    internal static int SampleAt(ReadOnlySpan<byte> row, int depth, int index)
    {
        switch (depth)
        {
            case 8:
                return row[index];
            case 16:
                return row[2 * index] << 8 | row[2 * index + 1];
            default:
                int bit = index * depth;
                return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        }
    }

    /// <summary>Palette indices to 8-bit RGB, or RGBA when a tRNS chunk is present (entries it omits are opaque).</summary>
    private static ushort[] ExpandPalette(ushort[] indices, byte[] plte, byte[]? trns, string source)
    {
        int entries = plte.Length / 3;
        int channels = trns is null ? 3 : 4;
        var samples = new ushort[indices.Length * channels];
        for (int i = 0; i < indices.Length; i++)
        {
            int k = indices[i];
            if (k >= entries)
                throw new RemaskDataException(source, $"corrupt PNG: palette index {k} at pixel {i} is outside the {entries}-colour palette");
            int o = i * channels;
            samples[o] = plte[3 * k];
            samples[o + 1] = plte[3 * k + 1];
            samples[o + 2] = plte[3 * k + 2];
            if (trns is not null) samples[o + 3] = k < trns.Length ? trns[k] : (ushort)255;
        }
        return samples;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw new RemaskDataException(source, "truncated PNG: the file ends inside the header");
    }

    private static void Skip(Stream stream, long count, string source)
    {
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count) throw new RemaskDataException(source, "truncated PNG: the file ends inside the header");
            stream.Seek(count, SeekOrigin.Current);
            return;
        }
        Span<byte> sink = stackalloc byte[4096];
        while (count > 0)
        {
            int n = stream.Read(sink[..(int)Math.Min(count, sink.Length)]);
            if (n == 0) throw new RemaskDataException(source, "truncated PNG: the file ends inside the header");
            count -= n;
        }
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
