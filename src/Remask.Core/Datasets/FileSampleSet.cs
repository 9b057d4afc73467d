using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>
/// Samples of 2D image files (PNG/JPEG) and their mask files, read on demand, with a small cache of decoded
/// samples, bounded both in samples (64) and in bytes (<see cref="DefaultCacheBytes"/>), so that memory grows neither
/// with the number of images nor with their size.
/// </summary>
/// <remarks>
/// With a <c>size</c>, every sample comes resized to size x size (image bilinearly, mask by nearest neighbour, as the
/// batch assembler does) and a JPEG image is decoded at the smallest DCT scale that the decoder in use offers and that
/// still has at least size pixels each way (<see cref="ImageFiles.ReadImage(string, int)"/>), while a mask is resized as
/// it is read, never held at its stored size (<see cref="ImageFiles.ReadMask(string, ForegroundRule, int, int)"/>): for
/// the preprocessed cache's first pass, where only the training size is kept. Without one, images and masks come at
/// their stored size.
/// </remarks>
public sealed class FileSampleSet : ISampleSet
{
    private readonly IReadOnlyList<SampleRef> _refs;
    private readonly ForegroundRule _rule;
    private readonly int? _size;
    private readonly LruCache<int, Sample> _cache;

    /// <summary>
    /// Bytes of decoded samples kept in memory at most: 256 MiB, i.e. 64 samples of up to 4 MiB (a 3-channel image of
    /// 600 x 580 floats), or 3 ISIC-size ones (3000 x 2000 x 3 floats = 72 MB, its mask 6 MB). The cache only saves
    /// work when the whole training set fits in it (each epoch reads every sample once, in a new order); a dataset of
    /// large images is meant for <c>train --cache</c>, which keeps nothing decoded in memory.
    /// </summary>
    public const long DefaultCacheBytes = 256L << 20;

    /// <param name="refs">The samples' files.</param>
    /// <param name="rule">How the mask files are read.</param>
    /// <param name="cacheSize">Decoded samples kept in memory (0: none).</param>
    /// <param name="size">Read every sample resized to size x size (null: stored size).</param>
    /// <param name="cacheBytes">Bytes of decoded samples kept in memory at most (<see cref="BytesOf"/>).</param>
    public FileSampleSet(IReadOnlyList<SampleRef> refs, ForegroundRule rule, int cacheSize = 64, int? size = null, long cacheBytes = DefaultCacheBytes)
    {
        if (refs.Any(r => r.IsSlice)) throw new ArgumentException("volume slices need a VolumeSliceSampleSet", nameof(refs));
        if (size is <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"size {size} must be positive");
        _refs = refs;
        _rule = rule;
        _size = size;
        _cache = new LruCache<int, Sample>(cacheSize, cacheBytes, BytesOf);
    }

    /// <inheritdoc/>
    public int Count => _refs.Count;

    /// <inheritdoc/>
    public string NameOf(int index) => _refs[index].Name;

    /// <summary>The files sample <paramref name="index"/> is read from.</summary>
    public SampleRef RefOf(int index) => _refs[index];

    /// <inheritdoc/>
    /// <remarks>Served from the cache when the sample is still in it; otherwise read by <see cref="Read"/>.</remarks>
    public Sample Load(int index) => _cache.GetOrAdd(index, i => Read(_refs[i], _rule, _size));

    /// <summary>The memory a decoded sample holds: 4 bytes per image sample (C x H x W floats), 1 per mask pixel.</summary>
    public static long BytesOf(Sample sample) => (long)sample.Image.Data.Length * sizeof(float) + (sample.Mask?.Length ?? 0);

    /// <summary>Reads one image and its mask and checks that their stored sizes agree; with a <paramref name="size"/>,
    /// both resized to size x size (see the remarks on <see cref="FileSampleSet"/>).</summary>
    public static Sample Read(SampleRef r, ForegroundRule rule, int? size = null)
    {
        var (image, width, height) = size is int s ? ImageFiles.ReadImage(r.ImagePath, s) : Stored(ImageFiles.ReadImage(r.ImagePath));
        Mask? mask = null;
        if (r.MaskPath is not null)
        {
            var (read, maskWidth, maskHeight) = size is int n
                ? ImageFiles.ReadMask(r.MaskPath, rule, n, n)
                : Stored(ImageFiles.ReadMask(r.MaskPath, rule));
            if (maskWidth != width || maskHeight != height)
                throw new RemaskDataException(r.MaskPath, $"mask is {maskWidth}x{maskHeight} but its image {Path.GetFileName(r.ImagePath)} is {width}x{height}");
            mask = read;
        }
        if (size is int m) image = Resize.Bilinear(image, m, m);
        return new Sample(r.Name, image, mask) { StoredSize = (width, height) };
    }

    private static (Mask, int, int) Stored(Mask mask) => (mask, mask.Width, mask.Height);

    private static (Image, int, int) Stored(Image image) => (image, image.Width, image.Height);
}
