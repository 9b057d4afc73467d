using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>
/// Samples of 2D image files (PNG/JPEG) and their mask files, read on demand, with a small cache of decoded
/// samples (bounded: memory does not grow with the number of images).
/// </summary>
public sealed class FileSampleSet : ISampleSet
{
    private readonly IReadOnlyList<SampleRef> _refs;
    private readonly ForegroundRule _rule;
    private readonly LruCache<int, Sample> _cache;

    public FileSampleSet(IReadOnlyList<SampleRef> refs, ForegroundRule rule, int cacheSize = 64)
    {
        if (refs.Any(r => r.IsSlice)) throw new ArgumentException("volume slices need a VolumeSliceSampleSet", nameof(refs));
        _refs = refs;
        _rule = rule;
        _cache = new LruCache<int, Sample>(cacheSize);
    }

    public int Count => _refs.Count;

    public string NameOf(int index) => _refs[index].Name;

    public SampleRef RefOf(int index) => _refs[index];

    public Sample Load(int index) => _cache.GetOrAdd(index, i => Read(_refs[i], _rule));

    /// <summary>Reads one image and its mask and checks that their sizes agree.</summary>
    public static Sample Read(SampleRef r, ForegroundRule rule)
    {
        Image image = ImageFiles.ReadImage(r.ImagePath);
        Mask? mask = null;
        if (r.MaskPath is not null)
        {
            mask = ImageFiles.ReadMask(r.MaskPath, rule);
            if (mask.Width != image.Width || mask.Height != image.Height)
                throw new RemaskDataException(r.MaskPath, $"mask is {mask.Width}x{mask.Height} but its image {Path.GetFileName(r.ImagePath)} is {image.Width}x{image.Height}");
        }
        return new Sample(r.Name, image, mask);
    }
}
