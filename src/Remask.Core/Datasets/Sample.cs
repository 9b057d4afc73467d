using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>One image with its mask (null where the dataset has none), as read from disk.</summary>
public sealed record Sample(string Name, Image Image, Mask? Mask)
{
    /// <summary>
    /// The size of the image as stored: the image's own size, unless the sample was read already resized to a
    /// training size (<see cref="FileSampleSet"/> with a size), whose masks from other folders are still this size.
    /// </summary>
    public (int Width, int Height) StoredSize { get; init; } = (Image.Width, Image.Height);
}

/// <summary>
/// An indexed, read-only set of samples that are loaded on demand. <see cref="Load"/> must be safe to call
/// from several threads at once (the prefetcher calls it from a background thread).
/// </summary>
public interface ISampleSet
{
    /// <summary>The number of samples; valid indices are 0 to Count - 1.</summary>
    int Count { get; }

    /// <summary>The sample's name: the file name without extension (pairs, ISIC), or "volume_slice" (NIfTI).</summary>
    string NameOf(int index);

    /// <summary>Reads sample <paramref name="index"/> (image and mask), decoding its files if need be.</summary>
    Sample Load(int index);
}
