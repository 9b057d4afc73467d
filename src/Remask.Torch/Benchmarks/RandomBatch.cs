using Remask.Torch.Data;

namespace Remask.Torch.Benchmarks;

/// <summary>
/// A batch of random images and masks held in memory, for speed measurements of the network (no file reading,
/// decoding or augmentation in the time): uniform [0, 1) pixels and masks with about half the pixels set.
/// </summary>
internal static class RandomBatch
{
    /// <param name="count">Images in the batch.</param>
    /// <param name="size">Side in pixels.</param>
    /// <param name="channels">Image channels (3 for RGB).</param>
    /// <param name="seed">Seed of the pixels; the same seed gives the same batch.</param>
    public static Batch Create(int count, int size, int channels = 3, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new Random(seed);
        var images = new float[count * channels * size * size];
        for (int i = 0; i < images.Length; i++) images[i] = random.NextSingle();
        var masks = new float[count * size * size];
        for (int i = 0; i < masks.Length; i++) masks[i] = random.Next(2);
        return new Batch
        {
            Indices = Enumerable.Range(0, count).ToArray(),
            Names = Enumerable.Range(0, count).Select(i => $"random-{i}").ToArray(),
            Channels = channels, Size = size, Images = images, Masks = masks,
            OriginalSizes = Enumerable.Repeat((size, size), count).ToArray(),
        };
    }
}
