using System.Buffers.Binary;

namespace Remask.Core.Imaging;

/// <summary>PNG colour types (the IHDR byte).</summary>
public enum PngColorType : byte
{
    /// <summary>0: gray samples, 1 per pixel, at 1, 2, 4, 8 or 16 bits.</summary>
    Gray = 0,
    /// <summary>2: red, green and blue samples, 8 or 16 bits each.</summary>
    Rgb = 2,
    /// <summary>3: a palette index per pixel (1, 2, 4 or 8 bits) into the PLTE chunk's colours.</summary>
    Palette = 3,
    /// <summary>4: gray and alpha samples, 8 or 16 bits each.</summary>
    GrayAlpha = 4,
    /// <summary>6: red, green, blue and alpha samples, 8 or 16 bits each.</summary>
    Rgba = 6,
}

/// <summary>What a palette PNG decodes to.</summary>
public enum PngPaletteMode
{
    /// <summary>Palette colours: 8-bit RGB, or RGBA when the file has a tRNS chunk. For images.</summary>
    Colors,
    /// <summary>The stored palette indices as one gray channel (VOC-style masks, where the index is the label).</summary>
    Indices,
}

/// <summary>
/// The image header (IHDR chunk) of a PNG file, plus whether a palette image carries transparency (tRNS),
/// which decides whether its colours decode to RGB or RGBA.
/// </summary>
public readonly record struct PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced, bool HasPaletteAlpha = false)
{
    /// <summary>Samples stored per pixel in the file: 1 (gray, palette index), 2, 3 or 4.</summary>
    public int StoredChannels => ColorType switch
    {
        PngColorType.Gray or PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    /// <summary>Channels of the decoded <see cref="Raster"/>: palette images give 3 or 4 colours, or 1 index.</summary>
    public int Channels(PngPaletteMode palette) =>
        ColorType == PngColorType.Palette && palette == PngPaletteMode.Colors ? (HasPaletteAlpha ? 4 : 3) : StoredChannels;

    internal int BitsPerPixel => StoredChannels * BitDepth;

    /// <summary>Bytes between a byte and the one the Sub/Average/Paeth filters predict it from (at least 1).</summary>
    internal int FilterDistance => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes of one filtered row (without its filter-type byte) for a row of <paramref name="width"/> pixels.</summary>
    internal long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;

    /// <summary>
    /// Checks and reads the 13 bytes of an IHDR chunk; every problem is a <see cref="RemaskDataException"/>
    /// naming <paramref name="source"/>.
    /// </summary>
    internal static PngHeader Parse(ReadOnlySpan<byte> ihdr, string source)
    {
        if (ihdr.Length != 13) throw new RemaskDataException(source, $"corrupt PNG: IHDR chunk has {ihdr.Length} bytes, not 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]);
        int depth = ihdr[8];
        byte type = ihdr[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw new RemaskDataException(source, $"corrupt PNG: image size {width}x{height} is invalid");
        bool depthOk = type switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => throw new RemaskDataException(source, $"corrupt PNG: unknown colour type {type}"),
        };
        if (!depthOk) throw new RemaskDataException(source, $"corrupt PNG: bit depth {depth} is not allowed for colour type {type}");
        if (ihdr[10] != 0) throw new RemaskDataException(source, $"unsupported PNG: unknown compression method {ihdr[10]}");
        if (ihdr[11] != 0) throw new RemaskDataException(source, $"unsupported PNG: unknown filter method {ihdr[11]}");
        if (ihdr[12] > 1) throw new RemaskDataException(source, $"unsupported PNG: unknown interlace method {ihdr[12]}");
        return new PngHeader((int)width, (int)height, depth, (PngColorType)type, ihdr[12] == 1);
    }
}
