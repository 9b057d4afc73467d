namespace Remask.Core.Imaging;

/// <summary>
/// Decodes baseline and progressive JPEG files (8-bit, Huffman-coded) to an 8-bit gray or RGB <see cref="Raster"/>
/// with the decoder in use (<see cref="Decoder"/>). The EXIF orientation tag is not applied: pixels come in stored order.
/// </summary>
/// <remarks>
/// The file's marker structure is checked first (<see cref="JpegStructure"/>), whatever the decoder, so a truncated
/// file, an unsupported coding (arithmetic, lossless, hierarchical, 12-bit) or a broken segment gives a clear
/// <see cref="RemaskDataException"/> before any decoder sees the data; a decoder turns its own failures into one too,
/// and what it returns is checked against the frame header.
/// </remarks>
public static class JpegReader
{
    private static volatile IJpegDecoder _decoder = StbJpegDecoder.Instance;

    /// <summary>The decoder used from now on (default <see cref="StbJpegDecoder"/>); set once at start-up.</summary>
    public static IJpegDecoder Decoder
    {
        get => _decoder;
        set => _decoder = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// True when <paramref name="file"/> starts like a JPEG: the start-of-image marker FF D8, then FF.
    /// </summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => JpegStructure.HasSignature(file);

    /// <summary>Reads and decodes the JPEG file <paramref name="path"/> at full size.</summary>
    public static Raster Read(string path) => Decode(ImageFiles.ReadAllBytes(path), path);

    /// <summary>Decodes a whole JPEG file held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static Raster Decode(byte[] file, string source) => Decode(file, source, 0).Raster;

    /// <summary>
    /// Decodes a JPEG file held in memory for a caller that needs at least <paramref name="atLeast"/> pixels in both
    /// directions (0: the full image): the raster may be smaller than stored (see <see cref="IJpegDecoder.Decode"/>).
    /// Width and Height are the stored size, from the frame header.
    /// </summary>
    /// <param name="file">The whole JPEG file.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <param name="atLeast">The smallest width and height the caller needs (0: the full image).</param>
    /// <param name="decoder">The decoder to use instead of <see cref="Decoder"/> (tests and benches compare them).</param>
    public static (Raster Raster, int Width, int Height) Decode(byte[] file, string source, int atLeast, IJpegDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(atLeast);
        JpegFrame frame = JpegStructure.Check(file, source);
        if ((long)frame.Width * frame.Height * 4 > Array.MaxLength)
            throw new RemaskDataException(source, $"unsupported JPEG: image {frame.Width}x{frame.Height} is too large");
        var info = new JpegFrameInfo(frame.Width, frame.Height, frame.Components);
        decoder ??= Decoder;
        Raster raster = decoder.Decode(file, info, source, atLeast);
        bool full = raster.Width == frame.Width && raster.Height == frame.Height;
        bool scaledOk = atLeast > 0 && raster.Width <= frame.Width && raster.Height <= frame.Height
            && raster.Width >= Math.Min(atLeast, frame.Width) && raster.Height >= Math.Min(atLeast, frame.Height);
        if (!(full || scaledOk) || raster.Channels != info.Channels || raster.BitDepth != 8)
            throw new InvalidOperationException($"{decoder.Name} decoded {source} to {raster}, but the frame header says {frame.Width}x{frame.Height}x{info.Channels}" +
                (atLeast > 0 ? $" (at least {atLeast} asked)" : ""));
        return (raster, frame.Width, frame.Height);
    }
}
