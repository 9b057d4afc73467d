namespace Remask.Core.Synthetic;

/// <summary>Seeds of the splits of a synthetic dataset (BENCHMARK.md: "the test split uses its own seed").</summary>
public static class SyntheticSplits
{
    /// <summary>
    /// The test split's seed for a training seed: a fixed odd multiplier and offset, so that it differs from the
    /// training seed of every nearby run (seed 2022's training images are not seed 2021's test images).
    /// </summary>
    public static int TestSeed(int trainSeed) => unchecked(trainSeed * 1_000_003 + 0x5EED);
}
