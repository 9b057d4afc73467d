using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class SynthRandomTests
{
    [Fact]
    public void Matches_the_SplitMix64_reference_sequence()
    {
        // Reference values of SplitMix64 for seed 1234567 (Vigna's splitmix64.c; recomputed with a Python
        // transcription of it, see the test's commit).
        var rng = new SynthRandom(1234567);
        Assert.Equal(6457827717110365317UL, rng.NextUInt64());
        Assert.Equal(3203168211198807973UL, rng.NextUInt64());
        Assert.Equal(9817491932198370423UL, rng.NextUInt64());
    }

    [Fact]
    public void Derived_generators_differ_by_seed_index_and_stream_and_repeat_exactly()
    {
        ulong First(int seed, int index, int stream) => SynthRandom.For(seed, index, stream).NextUInt64();
        var values = new HashSet<ulong>();
        for (int seed = 0; seed < 4; seed++)
            for (int index = 0; index < 50; index++)
                for (int stream = 0; stream < 3; stream++)
                    Assert.True(values.Add(First(seed, index, stream)), $"collision at {seed}/{index}/{stream}");
        Assert.Equal(First(2021, 17, 1), First(2021, 17, 1));
    }

    [Fact]
    public void Draws_stay_in_their_ranges_and_have_the_expected_moments()
    {
        var rng = new SynthRandom(42);
        const int n = 40000;
        double sum = 0, sumSq = 0, uniformSum = 0;
        var counts = new int[7];
        for (int i = 0; i < n; i++)
        {
            double u = rng.Uniform(-2, 3);
            Assert.InRange(u, -2, 3);
            uniformSum += u;
            int k = rng.NextInt(7);
            counts[k]++;
            int m = rng.NextInt(3, 5);
            Assert.InRange(m, 3, 5);
            double z = rng.Normal();
            sum += z;
            sumSq += z * z;
        }
        Assert.InRange(uniformSum / n, 0.45, 0.55);            // mean of U(-2, 3) is 0.5
        Assert.InRange(sum / n, -0.03, 0.03);                  // standard normal: mean 0 ...
        Assert.InRange(sumSq / n - (sum / n) * (sum / n), 0.96, 1.04);   // ... variance 1
        foreach (int c in counts) Assert.InRange(c, n / 7 * 0.9, n / 7 * 1.1);
    }
}
