namespace Remask.Core.Imaging;

/// <summary>Conversions between stored pixels (<see cref="Raster"/>) and the <see cref="Image"/> and <see cref="Mask"/> types.</summary>
public static class RasterConversions
{
    /// <summary>Samples scaled by the bit depth's maximum to [0, 1], alpha dropped, planar.</summary>
    public static Image ToImage(Raster raster)
    {
        int channels = raster.ColorChannels;
        int plane = raster.Width * raster.Height;
        var data = new float[plane * channels];
        float scale = 1f / raster.MaxValue;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < plane; i++)
                data[c * plane + i] = raster.Samples[i * raster.Channels + c] * scale;
        return new Image(raster.Width, raster.Height, channels, data);
    }

    /// <summary>
    /// A mask by the foreground rule. The label of a pixel is its first sample (gray value); for RGB masks a
    /// pixel is foreground under the default rule when any colour channel is &gt; 0.
    /// </summary>
    public static Mask ToMask(Raster raster, ForegroundRule rule)
    {
        int n = raster.Width * raster.Height;
        var data = new byte[n];
        int colors = raster.ColorChannels;
        bool anyChannel = ReferenceEquals(rule, ForegroundRule.AnyPositive) && colors > 1;
        for (int i = 0; i < n; i++)
        {
            int s = i * raster.Channels;
            bool fg;
            if (anyChannel)
            {
                fg = false;
                for (int c = 0; c < colors; c++) fg |= raster.Samples[s + c] > 0;
            }
            else
            {
                fg = rule.IsForeground((long)raster.Samples[s]);
            }
            data[i] = fg ? (byte)1 : (byte)0;
        }
        return new Mask(raster.Width, raster.Height, data);
    }

    /// <summary>An image with values clamped to [0, 1] and rounded to the bit depth, interleaved.</summary>
    public static Raster FromImage(Image image, int bitDepth = 8)
    {
        if (image.Channels is not (1 or 3 or 4)) throw new ArgumentException($"cannot store {image.Channels} channels as PNG");
        int plane = image.Width * image.Height;
        int max = bitDepth == 16 ? 65535 : 255;
        var samples = new ushort[plane * image.Channels];
        ReadOnlySpan<float> d = image.Data;
        for (int c = 0; c < image.Channels; c++)
            for (int i = 0; i < plane; i++)
            {
                float v = d[c * plane + i];
                if (!(v > 0)) v = 0; else if (v > 1) v = 1;   // also maps NaN to 0
                samples[i * image.Channels + c] = (ushort)MathF.Round(v * max);
            }
        return new Raster(image.Width, image.Height, image.Channels, bitDepth, samples);
    }
}
