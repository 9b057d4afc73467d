namespace Remask.Core.Imaging;

/// <summary>
/// Turns the bytes of a JPEG file into pixels. <see cref="JpegReader"/> checks the file's structure and size first
/// and calls the decoder in use (<see cref="JpegReader.Decoder"/>): by default <see cref="StbJpegDecoder"/>
/// (managed); the command line registers a native libjpeg-turbo one (Remask.Imaging.Skia) at start-up.
/// </summary>
public interface IJpegDecoder
{
    /// <summary>
    /// Names the decoder and how it scales, e.g. "stb_image". Recorded in preprocessed-cache keys, since another
    /// decoder gives other pixels; change it whenever the decoder's output changes.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// Decodes <paramref name="file"/>, whose structure <see cref="JpegReader"/> has already checked.
    /// </summary>
    /// <param name="file">The whole JPEG file.</param>
    /// <param name="frame">Its frame header: width, height and number of components.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <param name="atLeast">
    /// 0: the full image. Otherwise the caller resizes the result to a size of at least this in both directions, so
    /// the decoder may return a smaller image (DCT-domain scaling), as long as its width and height are each at least
    /// min(<paramref name="atLeast"/>, the full width or height). A decoder that cannot scale returns the full image.
    /// </param>
    /// <returns>8-bit samples: 1 channel for a 1-component file, else 3 (RGB; CMYK/YCCK converted).</returns>
    /// <exception cref="RemaskDataException">the data cannot be decoded; the message names <paramref name="source"/>.</exception>
    Raster Decode(byte[] file, JpegFrameInfo frame, string source, int atLeast);
}

/// <summary>What a decoder is told of a file's frame header (SOFn): its size and number of components.</summary>
public readonly record struct JpegFrameInfo(int Width, int Height, int Components)
{
    /// <summary>1 for gray files, 3 for colour (RGB, YCbCr, CMYK, YCCK).</summary>
    public int Channels => Components == 1 ? 1 : 3;
}
