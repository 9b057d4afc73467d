namespace Remask.Core.Imaging;

/// <summary>The file formats <see cref="ImageFiles"/> reads, told apart by their first bytes.</summary>
public enum ImageFormat
{
    /// <summary>PNG: the file starts with the 8-byte PNG signature (137 'P' 'N' 'G' CR LF 26 LF).</summary>
    Png,
    /// <summary>JPEG: the file starts with a start-of-image marker (FF D8) followed by another marker.</summary>
    Jpeg,
}

/// <summary>
/// Reading image and mask files (PNG and JPEG) by path. The decoder is chosen by the file's first bytes, not its
/// name. Every failure (missing file, empty file, unknown format, truncated or corrupt data, unsupported
/// feature) is a <see cref="RemaskDataException"/> whose one-line message names the file.
/// </summary>
public static class ImageFiles
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>True for names ending in .png, .jpg or .jpeg (any case); used to pick files in dataset folders.</summary>
    public static bool IsImageFile(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The stored pixels; palette PNGs give their colours (RGB, or RGBA with transparency).</summary>
    public static Raster ReadRaster(string path) => Decode(ReadAllBytes(path), path, PngPaletteMode.Colors);

    /// <summary>The stored label values: like <see cref="ReadRaster"/>, but palette PNGs give their palette indices.</summary>
    public static Raster ReadLabels(string path) => Decode(ReadAllBytes(path), path, PngPaletteMode.Indices);

    /// <summary>An image scaled to [0, 1] by <see cref="Raster.MaxValue"/>, alpha dropped (see <see cref="RasterConversions.ToImage"/>).</summary>
    public static Image ReadImage(string path) => RasterConversions.ToImage(ReadRaster(path));

    /// <summary>
    /// An image for a caller that resizes it to at least <paramref name="atLeast"/> pixels in both directions: a JPEG
    /// may come back smaller than stored (decoded at a DCT scale of 1/2, 1/4 or 1/8 where the decoder in use can, see
    /// <see cref="IJpegDecoder.Decode"/>); other formats at full size. Width and Height are the stored size.
    /// </summary>
    public static (Image Image, int Width, int Height) ReadImage(string path, int atLeast)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(atLeast);
        byte[] file = ReadAllBytes(path);
        if (Classify(file, path) != ImageFormat.Jpeg)
        {
            Image full = RasterConversions.ToImage(PngReader.Decode(file, path, PngPaletteMode.Colors));
            return (full, full.Width, full.Height);
        }
        var (raster, width, height) = JpegReader.Decode(file, path, atLeast);
        return (RasterConversions.ToImage(raster), width, height);
    }

    /// <summary>
    /// A binary mask. PNG masks: the labels of <see cref="ReadLabels"/> (palette index, gray value, or for RGB the
    /// rule of <see cref="RasterConversions.ToMask"/>) through <paramref name="rule"/>, decoded row by row (no stored
    /// samples kept beside the mask). JPEG masks are lossy, so exact label values mean nothing there: under the
    /// default rule a pixel is foreground when its brightest colour channel is at least half the maximum (128);
    /// picking labels from a JPEG mask is an error.
    /// </summary>
    public static Mask ReadMask(string path, ForegroundRule rule) => ReadMask(path, rule, null).Mask;

    /// <summary>
    /// A binary mask resized to <paramref name="width"/> x <paramref name="height"/> by nearest neighbour as it is read:
    /// the same pixels as <c>Resize.Nearest(ReadMask(path, rule), width, height)</c>, but a PNG mask is never held at
    /// its stored size (only the rows and columns the resize samples are looked at, see <see cref="PngMaskSampler"/>),
    /// so that reading a 3000 x 2000 mask for a 64 x 64 training size allocates kilobytes, not megabytes.
    /// Width and Height are the stored size.
    /// </summary>
    public static (Mask Mask, int Width, int Height) ReadMask(string path, ForegroundRule rule, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"target size {width}x{height} must be positive");
        return ReadMask(path, rule, (width, height));
    }

    private static (Mask Mask, int Width, int Height) ReadMask(string path, ForegroundRule rule, (int Width, int Height)? size)
    {
        ArgumentNullException.ThrowIfNull(rule);
        byte[] file = ReadAllBytes(path);
        if (Classify(file, path) == ImageFormat.Png) return PngMaskSampler.Read(file, path, rule, size);
        Raster labels = JpegReader.Decode(file, path);
        if (!ReferenceEquals(rule, ForegroundRule.AnyPositive))
            throw new RemaskDataException(path, $"a JPEG mask is lossy, so its exact label values cannot be picked ({rule}); use a PNG mask or the default rule");
        Mask full = ThresholdAtHalf(labels);
        return (size is (int w, int h) ? Resize.Nearest(full, w, h) : full, full.Width, full.Height);
    }

    /// <summary>
    /// Width, height and channels of what <see cref="ReadRaster"/> would return, from the start of the file only
    /// (for fast dataset scans; the rest of the file is not checked).
    /// </summary>
    public static (int Width, int Height, int Channels) ReadHeader(string path)
    {
        using FileStream stream = OpenRead(path);
        Span<byte> start = stackalloc byte[8];
        int n = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        switch (Classify(start[..n], path))
        {
            case ImageFormat.Png:
                PngHeader png = PngReader.ReadHeader(stream, path);
                return (png.Width, png.Height, png.Channels(PngPaletteMode.Colors));
            default:
                JpegFrame jpeg = JpegStructure.ReadFrame(stream, path);
                return (jpeg.Width, jpeg.Height, jpeg.Components == 1 ? 1 : 3);
        }
    }

    /// <summary>The format by the first bytes, or null when they are neither PNG nor JPEG.</summary>
    public static ImageFormat? DetectFormat(ReadOnlySpan<byte> start) =>
        PngReader.HasSignature(start) ? ImageFormat.Png
        : JpegReader.HasSignature(start) ? ImageFormat.Jpeg
        : null;

    /// <summary>Decodes a whole file held in memory by its format; <paramref name="source"/> names it in errors.</summary>
    public static Raster Decode(byte[] file, string source, PngPaletteMode palette = PngPaletteMode.Colors) =>
        Classify(file, source) == ImageFormat.Png
            ? PngReader.Decode(file, source, palette)
            : JpegReader.Decode(file, source);

    /// <summary>The whole file; a missing, unreadable or empty file is a <see cref="RemaskDataException"/>.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        using FileStream stream = OpenRead(path);
        long length = stream.Length;
        if (length > Array.MaxLength) throw new RemaskDataException(path, $"file of {length} bytes is too large to read");
        var bytes = new byte[length];
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException)
        {
            throw new RemaskDataException(path, $"cannot read the file ({PngReader.OneLine(e.Message)})", e);
        }
        return bytes;
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new RemaskDataException(path, "is a folder, not an image file");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RemaskDataException(path, "file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new RemaskDataException(path, "cannot read the file (permission denied)", e);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw new RemaskDataException(path, $"cannot open the file ({PngReader.OneLine(e.Message)})", e);
        }
    }

    /// <summary>The format, or a <see cref="RemaskDataException"/> saying what the bytes look like instead.</summary>
    private static ImageFormat Classify(ReadOnlySpan<byte> start, string source)
    {
        if (start.Length == 0) throw new RemaskDataException(source, "empty file");
        if (DetectFormat(start) is { } format) return format;
        if (start.Length < 8 && (PngChunks.Signature.StartsWith(start) || (start[0] == 0xFF && (start.Length == 1 || start[1] == 0xD8))))
            throw new RemaskDataException(source, $"truncated file: only {start.Length} bytes");
        if (start.Length >= 4 && start[1] == 'P' && start[2] == 'N' && start[3] == 'G')
            throw new RemaskDataException(source, "damaged PNG signature (was the file copied as text, changing its line endings?)");
        return Describe(start) is { } text
            ? throw new RemaskDataException(source, $"not a PNG or JPEG file (it starts with the text \"{text}\")")
            : throw new RemaskDataException(source, $"not a PNG or JPEG file (it starts with bytes {Convert.ToHexString(start[..Math.Min(8, start.Length)])})");
    }

    /// <summary>The first characters when the data starts like plain text, else null.</summary>
    private static string? Describe(ReadOnlySpan<byte> start)
    {
        ReadOnlySpan<byte> head = start[..Math.Min(24, start.Length)];
        var chars = new char[head.Length];
        for (int i = 0; i < head.Length; i++)
        {
            byte b = head[i];
            if (b is (byte)'\n' or (byte)'\r' or (byte)'\t') chars[i] = ' ';
            else if (b is >= 0x20 and < 0x7F) chars[i] = (char)b;
            else if (b >= 0x80) chars[i] = '?';   // part of a UTF-8 character
            else return null;
        }
        return new string(chars).Trim();
    }

    /// <summary>Foreground where the brightest colour channel is at least half the maximum value.</summary>
    private static Mask ThresholdAtHalf(Raster raster)
    {
        int n = raster.Width * raster.Height;
        int half = (raster.MaxValue + 1) / 2;
        var data = new byte[n];
        ReadOnlySpan<ushort> s = raster.Samples;
        for (int i = 0; i < n; i++)
        {
            int brightest = 0;
            for (int c = 0; c < raster.ColorChannels; c++) brightest = Math.Max(brightest, s[i * raster.Channels + c]);
            data[i] = brightest >= half ? (byte)1 : (byte)0;
        }
        return new Mask(raster.Width, raster.Height, data);
    }
}
