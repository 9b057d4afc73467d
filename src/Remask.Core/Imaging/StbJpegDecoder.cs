using StbImageSharp;

namespace Remask.Core.Imaging;

/// <summary>
/// The managed JPEG decoder: StbImageSharp (a port of stb_image). Baseline and progressive JPEG, 8-bit Huffman;
/// CMYK/YCCK files are converted to RGB by stb_image; the EXIF orientation tag is not applied (pixels come in stored
/// order). It always decodes the full image (no DCT scaling).
/// </summary>
/// <remarks>Decoders differ by a level or two from libjpeg in places (IDCT and chroma upsampling are not specified exactly).</remarks>
public sealed class StbJpegDecoder : IJpegDecoder
{
    /// <summary>The one instance (the decoder holds no state).</summary>
    public static readonly StbJpegDecoder Instance = new();

    private StbJpegDecoder() { }

    /// <inheritdoc/>
    public string Name => "stb_image";

    /// <inheritdoc/>
    /// <remarks>Always the full image: <paramref name="atLeast"/> is ignored.</remarks>
    public Raster Decode(byte[] file, JpegFrameInfo frame, string source, int atLeast)
    {
        ArgumentNullException.ThrowIfNull(file);
        int channels = frame.Channels;
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
