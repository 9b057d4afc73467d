namespace Remask.Torch.Training;

/// <summary>
/// Deterministic random numbers derived from a seed and a few integers (epoch, sample index...), so that every
/// random choice of training (shuffle order, augmentation) is a pure function of its coordinates: the same on
/// any thread, in any order, and after a resume. SplitMix64 (Steele, Lea and Flood 2014).
/// </summary>
public struct SeedSequence
{
    private ulong _state;

    /// <summary>
    /// The stream of <paramref name="seed"/> at <paramref name="coordinates"/> (epoch, sample index, ...).
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="coordinates">Where in the run the numbers are used; other values give another stream.</param>
    public SeedSequence(long seed, params ReadOnlySpan<long> coordinates)
    {
        ulong s = Mix((ulong)seed ^ 0x5EED_0F_5EED_0Ful);
        foreach (long c in coordinates) s = Mix(s ^ Mix((ulong)c + 0x9E3779B97F4A7C15ul));
        _state = s;
    }

    /// <summary>The next 64 random bits (SplitMix64: the state advances by 0x9E3779B97F4A7C15 and is mixed).</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15ul;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1ul << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)((NextUInt64() >> 33) * (ulong)n >> 31);
    }

    /// <summary>Uniform in [lo, hi).</summary>
    public double NextDouble(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>A random permutation of 0..n-1 (Fisher-Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        return z ^ (z >> 31);
    }
}
