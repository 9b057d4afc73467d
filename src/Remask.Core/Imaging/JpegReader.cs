using StbImageSharp;

namespace Remask.Core.Imaging;

/// <summary>
/// Decodes baseline and progressive JPEG files (8-bit, Huffman-coded) to an 8-bit gray or RGB
/// <see cref="Raster"/>, with StbImageSharp (a managed port of stb_image). CMYK/YCCK files are converted to
/// RGB by stb_image. The EXIF orientation tag is not applied: pixels come in stored order.
/// </summary>
/// <remarks>
/// The file's marker structure is checked first (<see cref="JpegStructure"/>), so a truncated file, an
/// unsupported coding (arithmetic, lossless, hierarchical, 12-bit) or a broken segment gives a clear
/// <see cref="RemaskDataException"/>; any failure inside the decoder is turned into one too.
/// Decoders differ by a level or two from libjpeg in places (IDCT and chroma upsampling are not specified exactly).
/// </remarks>
public static class JpegReader
{
    public static bool HasSignature(ReadOnlySpan<byte> file) => JpegStructure.HasSignature(file);

    public static Raster Read(string path) => Decode(ImageFiles.ReadAllBytes(path), path);

    /// <summary>Decodes a whole JPEG file held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static Raster Decode(byte[] file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        JpegFrame frame = JpegStructure.Check(file, source);
        if ((long)frame.Width * frame.Height * 4 > Array.MaxLength)
            throw new RemaskDataException(source, $"unsupported JPEG: image {frame.Width}x{frame.Height} is too large");
        int channels = frame.Components == 1 ? 1 : 3;
        ImageResult result;
        try
        {
            result = ImageResult.FromMemory(file, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RemaskDataException(source, $"corrupt JPEG: {PngReader.OneLine(e.Message)}", e);
        }
        if (result.Width != frame.Width || result.Height != frame.Height || result.Data.Length != frame.Width * frame.Height * channels)
            throw new RemaskDataException(source, $"corrupt JPEG: decoded {result.Width}x{result.Height} pixels, the frame header says {frame.Width}x{frame.Height}");
        var samples = new ushort[result.Data.Length];
        for (int i = 0; i < samples.Length; i++) samples[i] = result.Data[i];
        return new Raster(frame.Width, frame.Height, channels, 8, samples);
    }
}
