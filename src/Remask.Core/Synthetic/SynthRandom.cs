namespace Remask.Core.Synthetic;

/// <summary>
/// A small seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014) for the synthetic datasets.
/// Its output is fixed by the seed on every platform and .NET version, unlike <see cref="System.Random"/>'s
/// unspecified algorithm. One instance per sample and purpose: never shared between threads.
/// </summary>
internal sealed class SynthRandom
{
    private ulong _state;

    public SynthRandom(ulong seed) => _state = seed;

    /// <summary>
    /// The generator for one purpose (<paramref name="stream"/>) of one sample (<paramref name="index"/>) of a
    /// dataset (<paramref name="seed"/>). The three numbers are mixed so that neighbouring indices and seeds give
    /// unrelated sequences; a sample never depends on which other samples were generated.
    /// </summary>
    public static SynthRandom For(int seed, int index, int stream)
    {
        ulong h = Mix((ulong)(uint)seed ^ 0x5EED_0000_0000_0000UL);
        h = Mix(h ^ (ulong)(uint)index);
        h = Mix(h ^ ((ulong)(uint)stream << 32));
        return new SynthRandom(h);
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(count, 0);
        return (int)((NextUInt64() >> 32) * (ulong)count >> 32);
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>-1 or +1 with equal probability.</summary>
    public double Sign() => (NextUInt64() & 1) == 0 ? -1 : 1;

    /// <summary>Standard normal (Box-Muller; one of the pair is used, so the draw count per call is fixed).</summary>
    public double Normal()
    {
        double u1 = 1.0 - NextDouble();   // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
