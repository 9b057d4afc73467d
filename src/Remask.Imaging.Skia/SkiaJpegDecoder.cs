using System.Buffers;
using Remask.Core;
using Remask.Core.Imaging;
using SkiaSharp;

namespace Remask.Imaging.Skia;

/// <summary>
/// The native JPEG decoder: libjpeg-turbo inside SkiaSharp's <see cref="SKCodec"/>, about 3x faster than the managed
/// <see cref="StbJpegDecoder"/> at full size, and able to decode at 1/2, 1/4 or 1/8 of the size in the DCT domain
/// (libjpeg's scaled IDCT), which is where most of the time goes when the caller only needs a small image.
/// </summary>
/// <remarks>
/// Behaves as <see cref="StbJpegDecoder"/> does: pixels in stored order (the EXIF orientation tag is not applied), no
/// colour management (an embedded ICC profile is ignored), gray files give 1 channel, colour files 3 (CMYK/YCCK
/// converted to RGB by Skia). Full-size samples differ from stb_image's by a few levels (another IDCT and chroma
/// upsampling; docs/datasets.md gives the measured difference). Anything but a complete decode is a
/// <see cref="RemaskDataException"/> naming the file. Register it with <c>JpegReader.Decoder = SkiaJpegDecoder.Instance</c>.
/// </remarks>
public sealed class SkiaJpegDecoder : IJpegDecoder
{
    public static readonly SkiaJpegDecoder Instance = new();

    /// <summary>The DCT scales tried, smallest first (libjpeg-turbo has fast reduced IDCTs for these).</summary>
    private static readonly int[] Denominators = [8, 4, 2];

    private SkiaJpegDecoder() { }

    public string Name => "libjpeg-turbo (SkiaSharp 3.119, DCT scale 1/8, 1/4, 1/2 or 1)";

    public Raster Decode(byte[] file, JpegFrameInfo frame, string source, int atLeast)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null) throw new RemaskDataException(source, "corrupt JPEG: the decoder cannot read its headers");
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg || codec.Info.Width != frame.Width || codec.Info.Height != frame.Height)
            throw new RemaskDataException(source, $"corrupt JPEG: the decoder reads a {codec.EncodedFormat} image of {codec.Info.Width}x{codec.Info.Height}, the frame header says {frame.Width}x{frame.Height}");
        SKSizeI size = ScaledSize(codec, frame, atLeast);
        int channels = frame.Channels;
        // no colour space: Skia converts nothing (as stb_image, which ignores ICC profiles)
        var info = new SKImageInfo(size.Width, size.Height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        // a pooled buffer: a new 24 MB array per ISIC-size image costs as much in page faults as the decode itself
        byte[] pixels = ArrayPool<byte>.Shared.Rent(checked((int)info.BytesSize64));
        try
        {
            SKCodecResult result;
            unsafe
            {
                fixed (byte* p = pixels) result = codec.GetPixels(info, (IntPtr)p);
            }
            if (result != SKCodecResult.Success) throw new RemaskDataException(source, $"corrupt JPEG: {Describe(result)}");
            return ToRaster(pixels, size.Width, size.Height, channels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    /// <summary>The smallest DCT-scaled size with at least min(<paramref name="atLeast"/>, stored) pixels each way;
    /// the stored size when <paramref name="atLeast"/> is 0.</summary>
    internal static SKSizeI ScaledSize(SKCodec codec, JpegFrameInfo frame, int atLeast)
    {
        if (atLeast > 0)
        {
            int needW = Math.Min(atLeast, frame.Width), needH = Math.Min(atLeast, frame.Height);
            foreach (int d in Denominators)
            {
                SKSizeI s = codec.GetScaledDimensions(1f / d);
                if (s.Width >= needW && s.Height >= needH && s.Width <= frame.Width && s.Height <= frame.Height) return s;
            }
        }
        return new SKSizeI(frame.Width, frame.Height);
    }

    private static Raster ToRaster(byte[] pixels, int width, int height, int channels)
    {
        int n = width * height;
        var samples = new ushort[n * channels];
        if (channels == 1)
        {
            for (int i = 0; i < n; i++) samples[i] = pixels[i];
        }
        else
        {
            for (int i = 0, o = 0, s = 0; i < n; i++, s += 4, o += 3)
            {
                samples[o] = pixels[s];
                samples[o + 1] = pixels[s + 1];
                samples[o + 2] = pixels[s + 2];
            }
        }
        return new Raster(width, height, channels, 8, samples);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the image data ends early (truncated file)",
        SKCodecResult.ErrorInInput => "the image data is damaged",
        SKCodecResult.InvalidInput => "not a readable JPEG",
        SKCodecResult.Unimplemented => "a JPEG feature the decoder does not support",
        _ => $"the decoder failed ({result})",
    };
}
