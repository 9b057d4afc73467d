using Remask.Core.Imaging;
using Remask.Fuzzing.Mutations;

namespace Remask.Fuzzing.Targets;

/// <summary>The PNG and JPEG readers as Remask's callers use them: whole rasters, palette indices, masks read whole and
/// resized as they are read, images for a training size, and the header scan of dataset summaries.</summary>
public static class ImageTargets
{
    private const string Fixtures = "tests/Remask.Core.Tests/Fixtures/Imaging";

    /// <summary>Every valid PNG fixture of Core's tests (the files made to be broken are left out).</summary>
    public static FuzzTarget Png() => new()
    {
        Name = "png",
        Seeds = RepoFiles.Seeds(Fixtures, "*.png", name => !BrokenPngs.Contains(name)),
        Mutate = PngMutations.Mutate,
        Checksummed = true,
        Probes =
        [
            new("ReadRaster", path => Fingerprint.Of(ImageFiles.ReadRaster(path))),
            new("ReadLabels", path => Fingerprint.Of(ImageFiles.ReadLabels(path))),
            new("ReadMask", path => Fingerprint.Of(ImageFiles.ReadMask(path, ForegroundRule.AnyPositive))),
            new("ReadMask 64x64", path => Fingerprint.Of(ImageFiles.ReadMask(path, ForegroundRule.AnyPositive, 64, 64).Mask)),
            new("ReadImage >= 64", path => Fingerprint.Of(ImageFiles.ReadImage(path, 64).Image)),
            new("ReadHeader", path => Header(ImageFiles.ReadHeader(path)), Partial: true),
        ],
    };

    /// <summary>The JPEG fixtures of Core's and Skia's tests, read with <paramref name="decoder"/> at full size and for a
    /// training size of 64, and the header scan.</summary>
    public static FuzzTarget Jpeg(IJpegDecoder decoder, string name) => new()
    {
        Name = name,
        Seeds = [.. RepoFiles.Seeds(Fixtures, "*.jpg"), .. RepoFiles.Seeds("tests/Remask.Imaging.Skia.Tests/Fixtures", "*.jpg", n => n is not ("not_a_jpeg.jpg" or "truncated.jpg" or "photo_512x344.jpg"))],
        Mutate = JpegMutations.Mutate,
        Probes =
        [
            new("Decode", path => Fingerprint.Of(JpegReader.Decode(File.ReadAllBytes(path), path, 0, decoder).Raster)),
            new("Decode >= 64", path => Fingerprint.Of(JpegReader.Decode(File.ReadAllBytes(path), path, 64, decoder).Raster)),
            new("ReadHeader", path => Header(ImageFiles.ReadHeader(path)), Partial: true),
        ],
    };

    private static readonly HashSet<string> BrokenPngs =
        ["bad_adler.png", "bad_filter.png", "bad_zlib.png", "no_iend.png", "palette_index_out_of_range.png", "short_zlib.png", "text.png", "unknown_critical_chunk.png"];

    private static string Header((int Width, int Height, int Channels) h) =>
        h.Width > 0 && h.Height > 0 && h.Channels is >= 1 and <= 4 ? $"{h.Width}x{h.Height}x{h.Channels}" : throw new InvalidReadException($"header {h}");
}
