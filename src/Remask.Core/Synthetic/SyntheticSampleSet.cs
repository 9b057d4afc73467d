using Remask.Core.Datasets;

namespace Remask.Core.Synthetic;

/// <summary>
/// A built-in synthetic dataset as an <see cref="ISampleSet"/>: sample i is generated when it is loaded, from
/// (kind, i, size, seed, difficulty) alone, so loading is thread-safe, in any order, and nothing is held in memory.
/// Names are "derm_000123" or "ct_000123" at every difficulty.
/// </summary>
public sealed class SyntheticSampleSet : ISampleSet
{
    public SyntheticKind Kind { get; }
    public int Count { get; }
    public int Size { get; }
    public int Seed { get; }
    public SyntheticDifficulty Difficulty { get; }

    public SyntheticSampleSet(SyntheticKind kind, int count, int size, int seed, SyntheticDifficulty difficulty = SyntheticDifficulty.Standard)
    {
        if (count < 0) throw new RemaskUsageException($"a synthetic dataset needs a sample count of 0 or more, not {count}");
        if (size is < SyntheticDatasets.MinSize or > SyntheticDatasets.MaxSize)
            throw new RemaskUsageException($"--size: synthetic images are {SyntheticDatasets.MinSize} to {SyntheticDatasets.MaxSize} pixels wide, not {size}");
        _ = SyntheticDatasets.Name(kind);   // rejects undefined enum values
        _ = SyntheticDifficulties.Name(difficulty);
        Kind = kind;
        Count = count;
        Size = size;
        Seed = seed;
        Difficulty = difficulty;
    }

    public string NameOf(int index)
    {
        CheckIndex(index);
        return SyntheticDatasets.SampleName(Kind, index);
    }

    public Sample Load(int index)
    {
        CheckIndex(index);
        return SyntheticDatasets.Generate(Kind, index, Size, Seed, Difficulty);
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the set has {Count} samples");
    }
}
