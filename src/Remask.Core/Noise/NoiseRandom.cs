using System.Text;

namespace Remask.Core.Noise;

/// <summary>
/// The random numbers behind every noise model: SplitMix64 (Steele, Lea and Flood, 2014), written out here so
/// that a seed gives the same noisy masks on every machine and every .NET version.
/// </summary>
public sealed class NoiseRandom
{
    private ulong _state;

    /// <summary>A stream whose SplitMix64 state starts at <paramref name="seed"/>.</summary>
    public NoiseRandom(ulong seed) => _state = seed;

    /// <summary>An independent stream for part <paramref name="stream"/> (a component index, a step) of the work seeded by <paramref name="seed"/>.</summary>
    public static NoiseRandom For(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + 0x632BE59BD9B4E019UL)));

    /// <summary>
    /// The seed for one named item (a mask file) under a run seed: depends on the name, not on the order in which
    /// items are processed.
    /// </summary>
    public static ulong SeedFor(ulong seed, string name)
    {
        ulong h = 0xCBF29CE484222325UL;   // FNV-1a over the UTF-8 bytes
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= 0x100000001B3UL;
        }
        return Mix(seed + Mix(h));
    }

    /// <summary>
    /// The next 64 random bits: the state advances by 0x9E3779B97F4A7C15 (2^64 / φ) and is mixed by SplitMix64's
    /// finaliser.
    /// </summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
