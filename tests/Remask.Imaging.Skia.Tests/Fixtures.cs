using System.Runtime.CompilerServices;
using Remask.Core.Imaging;

namespace Remask.Imaging.Skia.Tests;

/// <summary>The files in Fixtures/ (see make_skia_fixtures.py there).</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>This assembly reads JPEGs as the command line does: with libjpeg-turbo (comparisons pass a decoder).</summary>
    [ModuleInitializer]
    internal static void UseSkia() => JpegReader.Decoder = SkiaJpegDecoder.Instance;

    /// <summary>Largest and mean absolute difference of two rasters' samples, which must be the same shape.</summary>
    public static (int Max, double Mean) Difference(Raster a, Raster b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        return RasterDifference.Of(a, b);
    }
}
