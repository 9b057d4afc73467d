namespace Remask.Core.Imaging;

/// <summary>
/// Decoded pixels exactly as stored in a file: interleaved samples (row, column, channel) of the given
/// bit depth (8 or 16), 1 to 4 channels (gray, gray+alpha, RGB, RGBA). Used both for images
/// (converted to <see cref="Image"/>) and for label maps (converted to <see cref="Mask"/>).
/// </summary>
public sealed class Raster
{
    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    /// <summary>8 or 16.</summary>
    public int BitDepth { get; }
    /// <summary>Interleaved samples, index (y * Width + x) * Channels + c.</summary>
    public ushort[] Samples { get; }

    public Raster(int width, int height, int channels, int bitDepth, ushort[] samples)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"raster size {width}x{height} must be positive");
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), "1 to 4 channels");
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), "bit depth 8 or 16");
        if (samples.Length != (long)width * height * channels) throw new ArgumentException("sample count does not match the size", nameof(samples));
        Width = width;
        Height = height;
        Channels = channels;
        BitDepth = bitDepth;
        Samples = samples;
    }

    public int MaxValue => BitDepth == 16 ? 65535 : 255;

    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>Colour channels without alpha: 1 (gray) or 3 (RGB).</summary>
    public int ColorChannels => HasAlpha ? Channels - 1 : Channels;

    public ushort this[int x, int y, int c] => Samples[(y * Width + x) * Channels + c];
}
