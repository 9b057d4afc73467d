namespace Remask.Core.Imaging;

/// <summary>
/// Decoded pixels exactly as stored in a file: interleaved samples (row, column, channel) of the given
/// bit depth (8 or 16), 1 to 4 channels (gray, gray+alpha, RGB, RGBA). Used both for images
/// (converted to <see cref="Image"/>) and for label maps (converted to <see cref="Mask"/>).
/// </summary>
/// <remarks>
/// Samples are never rescaled on reading: a 1-, 2- or 4-bit gray PNG gives samples 0..1, 0..3 or 0..15 in a
/// raster of <see cref="BitDepth"/> 8, with <see cref="MaxValue"/> 1, 3 or 15. So a label map keeps its label
/// values, and an image still converts to [0, 1] correctly (divided by <see cref="MaxValue"/>).
/// </remarks>
public sealed class Raster
{
    /// <summary>Pixels per row.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Samples per pixel, 1 to 4: gray, gray+alpha, RGB, RGBA.</summary>
    public int Channels { get; }
    /// <summary>8 or 16: the size of the sample container.</summary>
    public int BitDepth { get; }
    /// <summary>Interleaved samples, index (y * Width + x) * Channels + c.</summary>
    public ushort[] Samples { get; }

    /// <summary>
    /// The value that means full intensity: 255 or 65535 for the bit depth unless the source stored fewer bits
    /// (1, 3 or 15 for 1-, 2- or 4-bit gray PNGs).
    /// </summary>
    public int MaxValue { get; }

    /// <param name="width">Pixels per row, positive.</param>
    /// <param name="height">Rows, positive.</param>
    /// <param name="channels">Samples per pixel, 1 to 4 (gray, gray+alpha, RGB, RGBA).</param>
    /// <param name="bitDepth">8 or 16.</param>
    /// <param name="samples">
    /// Interleaved samples, width * height * channels of them, index (y * width + x) * channels + c (not copied: the
    /// caller hands it over).
    /// </param>
    /// <param name="maxValue">Full intensity; by default the largest value of <paramref name="bitDepth"/>.</param>
    public Raster(int width, int height, int channels, int bitDepth, ushort[] samples, int? maxValue = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"raster size {width}x{height} must be positive");
        if (channels is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(channels), "1 to 4 channels");
        if (bitDepth is not (8 or 16)) throw new ArgumentOutOfRangeException(nameof(bitDepth), "bit depth 8 or 16");
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length != (long)width * height * channels) throw new ArgumentException("sample count does not match the size", nameof(samples));
        int depthMax = bitDepth == 16 ? 65535 : 255;
        int max = maxValue ?? depthMax;
        if (max < 1 || max > depthMax) throw new ArgumentOutOfRangeException(nameof(maxValue), $"maximum value {max} must be in 1..{depthMax} for bit depth {bitDepth}");
        Width = width;
        Height = height;
        Channels = channels;
        BitDepth = bitDepth;
        Samples = samples;
        MaxValue = max;
    }

    /// <summary>True when the last channel is alpha (2 or 4 channels).</summary>
    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>Colour channels without alpha: 1 (gray) or 3 (RGB).</summary>
    public int ColorChannels => HasAlpha ? Channels - 1 : Channels;

    /// <summary>
    /// Sample <paramref name="c"/> of the pixel at column <paramref name="x"/>, row <paramref name="y"/>, as stored
    /// (0..<see cref="MaxValue"/>).
    /// </summary>
    public ushort this[int x, int y, int c] => Samples[(y * Width + x) * Channels + c];

    /// <inheritdoc/>
    /// <remarks>
    /// "Raster WxHxC, 8-bit", with " (max M)" when <see cref="MaxValue"/> is not the bit depth's largest value.
    /// </remarks>
    public override string ToString() =>
        $"Raster {Width}x{Height}x{Channels}, {BitDepth}-bit" + (MaxValue == (BitDepth == 16 ? 65535 : 255) ? "" : $" (max {MaxValue})");
}
