using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Torch.Tests.Support;

/// <summary>
/// A tiny in-memory dataset: a bright disc (value 0.8 plus a per-image ramp) on a dark background (0.1), and
/// its mask. Disc centre and radius vary with the index. Thread-safe (everything is computed on demand).
/// </summary>
internal sealed class DiscSampleSet(int count, int size = 32, int channels = 1, int seed = 0) : ISampleSet
{
    /// <summary>Images whose index is in here report a different channel count (bad input tests).</summary>
    public HashSet<int> WrongChannels { get; init; } = [];
    /// <summary>Images whose index is in here have no mask.</summary>
    public HashSet<int> WithoutMask { get; init; } = [];
    public int Loads => _loads;
    private int _loads;

    public int Count => count;
    public string NameOf(int index) => $"disc_{index:D3}";

    public static Mask DiscMask(int index, int size, int seed = 0)
    {
        var rng = new Random(seed * 7919 + index);
        double cx = size * (0.3 + 0.4 * rng.NextDouble()), cy = size * (0.3 + 0.4 * rng.NextDouble());
        double r = size * (0.15 + 0.15 * rng.NextDouble());
        return Mask.FromFunction(size, size, (x, y) => (x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy) <= r * r);
    }

    public Sample Load(int index)
    {
        Interlocked.Increment(ref _loads);
        var mask = DiscMask(index, size, seed);
        int c = WrongChannels.Contains(index) ? channels + 2 : channels;
        var data = new float[c * size * size];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    data[(ch * size + y) * size + x] = mask[x, y] ? 0.8f + 0.1f * ch / c : 0.1f + 0.002f * x;
        return new Sample(NameOf(index), new Image(size, size, c, data), WithoutMask.Contains(index) ? null : mask);
    }
}

/// <summary>Masks held in memory by sample name (a stand-in for a folder of noisy masks).</summary>
internal sealed class InMemoryMasks(string location, Func<string, Mask?> lookup) : Remask.Torch.Training.IMaskSource
{
    public string Location { get; } = location;
    public Mask? TryLoad(string name) => lookup(name);
}

/// <summary>A fresh empty temporary folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "remask-torch-tests-" + Guid.NewGuid().ToString("N")[..10]);
    public TempDir() => Directory.CreateDirectory(Path);
    public string Sub(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}
