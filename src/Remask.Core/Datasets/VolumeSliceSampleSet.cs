using Remask.Core.Formats;
using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>
/// Axial slices of NIfTI volumes (and of their label volumes) as samples. A volume is decoded when one of its
/// slices is first asked for; all of its listed slices are then cut, CT-windowed and kept in a cache of the last
/// <c>volumeCacheSize</c> volumes, so reading slices volume by volume decodes each volume once and memory stays
/// bounded. Image and label slices use the image volume's orientation (<see cref="SliceOrientation.Of"/>), so they stay aligned.
/// </summary>
public sealed class VolumeSliceSampleSet : ISampleSet
{
    private readonly IReadOnlyList<SampleRef> _refs;
    private readonly DatasetOptions _options;
    private readonly CtWindow _window;
    private readonly LruCache<string, IReadOnlyDictionary<int, Sample>> _volumes;
    private readonly Dictionary<string, List<int>> _indicesOfVolume = new(StringComparer.Ordinal);

    /// <param name="refs">The slice samples (each <see cref="SampleRef.IsSlice"/>), volumes in any order.</param>
    /// <param name="options">The foreground rule of the label volumes and the CT window of the images.</param>
    /// <param name="volumeCacheSize">Decoded volumes kept in memory at most, with all of their listed slices.</param>
    public VolumeSliceSampleSet(IReadOnlyList<SampleRef> refs, DatasetOptions options, int volumeCacheSize = 2)
    {
        if (refs.Any(r => !r.IsSlice)) throw new ArgumentException("every sample must be a volume slice", nameof(refs));
        _refs = refs;
        _options = options;
        _window = new CtWindow(options.WindowLevel, options.WindowWidth);
        _volumes = new LruCache<string, IReadOnlyDictionary<int, Sample>>(volumeCacheSize);
        for (int i = 0; i < refs.Count; i++)
        {
            string key = VolumeKey(refs[i]);
            if (!_indicesOfVolume.TryGetValue(key, out var list)) _indicesOfVolume[key] = list = [];
            list.Add(i);
        }
    }

    /// <inheritdoc/>
    public int Count => _refs.Count;

    /// <inheritdoc/>
    public string NameOf(int index) => _refs[index].Name;

    /// <summary>Which volume a sample comes from: samples of one volume are cheap to read together.</summary>
    public string VolumeOf(int index) => _refs[index].ImagePath;

    /// <summary>The label volume of a sample (null for test volumes without labels).</summary>
    public string? LabelPathOf(int index) => _refs[index].MaskPath;

    /// <summary>The rule that turns label values into foreground (--foreground).</summary>
    public ForegroundRule Foreground => _options.Foreground;

    /// <inheritdoc/>
    /// <remarks>
    /// The first slice asked for of a volume decodes the volume and cuts all of its listed slices at once.
    /// </remarks>
    public Sample Load(int index)
    {
        SampleRef r = _refs[index];
        return _volumes.GetOrAdd(VolumeKey(r), _ => Decode(r.ImagePath, r.MaskPath, _indicesOfVolume[VolumeKey(r)]))[r.Slice];
    }

    private static string VolumeKey(SampleRef r) => r.ImagePath + "\n" + r.MaskPath;

    private Dictionary<int, Sample> Decode(string imagePath, string? labelPath, List<int> indices)
    {
        NiftiVolume image = NiftiReader.Read(imagePath);
        NiftiVolume? labels = null;
        if (labelPath is not null)
        {
            labels = NiftiLabels.Read(labelPath);
            NiftiSlices.CheckSameGrid(image, labels, labelPath);
        }
        var orientation = SliceOrientation.Of(image);
        var slices = new Dictionary<int, Sample>(indices.Count);
        foreach (int i in indices)
        {
            SampleRef r = _refs[i];
            if (r.Slice >= image.Nz) throw new RemaskDataException(imagePath, $"has {image.Nz} slices, slice {r.Slice} was asked for");
            Image img = NiftiSlices.ImageSlice(image, r.Slice, _window, orientation);
            Mask? mask = labels is null ? null : NiftiSlices.MaskSlice(labels, r.Slice, _options.Foreground, orientation);
            slices[r.Slice] = new Sample(r.Name, img, mask);
        }
        return slices;
    }
}
