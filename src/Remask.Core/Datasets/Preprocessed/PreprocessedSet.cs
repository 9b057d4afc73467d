using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Core.Datasets.Preprocessed;

/// <summary>
/// A complete preprocessed-cache entry (<see cref="PreprocessedCache"/>), memory-mapped: samples at the training size,
/// with their own masks and the masks of the cached mask folders. Safe to read from several threads at once.
/// </summary>
public sealed class PreprocessedSet : ISampleSet, IDisposable
{
    private readonly PreprocessedCache.Index _index;
    private readonly byte[] _present;
    private readonly Dictionary<string, int> _byName;
    private readonly MemoryMappedFile _images, _masks;
    private readonly MemoryMappedViewAccessor _imageView, _maskView;

    /// <summary>The entry's folder, named by the cache key, which holds the entry's files.</summary>
    public string Entry { get; }
    /// <summary>The training size: every image and mask is <see cref="Size"/> x <see cref="Size"/> pixels.</summary>
    public int Size => _index.Size;
    /// <summary>The images' channel count (that of the source's first sample).</summary>
    public int Channels => _index.Channels;

    private PreprocessedSet(string entry, PreprocessedCache.Index index, byte[] present)
    {
        Entry = entry;
        _index = index;
        _present = present;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < index.Names.Length; i++) _byName.TryAdd(index.Names[i], i);
        _images = MemoryMappedFile.CreateFromFile(Path.Combine(entry, PreprocessedCache.ImagesFile), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _masks = MemoryMappedFile.CreateFromFile(Path.Combine(entry, PreprocessedCache.MasksFile), FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _imageView = _images.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        _maskView = _masks.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
    }

    internal static PreprocessedSet OpenEntry(string entry)
    {
        string indexPath = Path.Combine(entry, PreprocessedCache.IndexFile);
        PreprocessedCache.Index index;
        try
        {
            index = JsonSerializer.Deserialize<PreprocessedCache.Index>(File.ReadAllText(indexPath)) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new RemaskDataException(indexPath, $"damaged cache entry ({e.Message}); clear it with: remask cache clear");
        }
        var present = File.ReadAllBytes(Path.Combine(entry, PreprocessedCache.PresentFile));
        if (index.Version != PreprocessedKey.FormatVersion || present.Length != index.Names.Length * index.Layers)
            throw new RemaskDataException(entry, "damaged cache entry; clear it with: remask cache clear");
        return new PreprocessedSet(entry, index, present);
    }

    /// <inheritdoc/>
    public int Count => _index.Names.Length;

    /// <inheritdoc/>
    public string NameOf(int index) => _index.Names[index];

    /// <inheritdoc/>
    /// <remarks>
    /// The image is read from the mapped file, <see cref="Channels"/> x <see cref="Size"/> x <see cref="Size"/> floats;
    /// the mask is the sample's own (layer 0), or null where it had none.
    /// </remarks>
    public Sample Load(int index)
    {
        int plane = Size * Size, floats = Channels * plane;
        var data = new float[floats];
        _imageView.ReadArray((long)index * floats * sizeof(float), data, 0, floats);
        return new Sample(_index.Names[index], new Image(Size, Size, Channels, data), MaskAt(index, 0));
    }

    /// <summary>The mask of sample <paramref name="name"/> in the cached mask folder <paramref name="layer"/> (1-based), or null.</summary>
    public Mask? FolderMask(int layer, string name)
    {
        if (layer < 1 || layer >= _index.Layers) throw new ArgumentOutOfRangeException(nameof(layer));
        return _byName.TryGetValue(name, out int i) ? MaskAt(i, layer) : null;
    }

    private Mask? MaskAt(int index, int layer)
    {
        if (_present[index * _index.Layers + layer] == 0) return null;
        int plane = Size * Size;
        var pixels = new byte[plane];
        _maskView.ReadArray(((long)index * _index.Layers + layer) * plane, pixels, 0, plane);
        return new Mask(Size, Size, pixels);
    }

    /// <summary>Unmaps the entry's files and closes them.</summary>
    public void Dispose()
    {
        _imageView.Dispose();
        _maskView.Dispose();
        _images.Dispose();
        _masks.Dispose();
    }
}
