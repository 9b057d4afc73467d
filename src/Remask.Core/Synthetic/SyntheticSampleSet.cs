using Remask.Core.Datasets;

namespace Remask.Core.Synthetic;

/// <summary>
/// A built-in synthetic dataset as an <see cref="ISampleSet"/>: sample i is generated when it is loaded, from
/// (kind, i, size, seed, difficulty) alone, so loading is thread-safe, in any order, and nothing is held in memory.
/// Names are "derm_000123" or "ct_000123" at every difficulty.
/// </summary>
public sealed class SyntheticSampleSet : ISampleSet
{
    /// <summary>Which dataset the samples come from: synth-derm or synth-ct.</summary>
    public SyntheticKind Kind { get; }
    /// <inheritdoc/>
    public int Count { get; }
    /// <summary>
    /// The side of every image and mask in pixels (square), <see cref="SyntheticDatasets.MinSize"/> to
    /// <see cref="SyntheticDatasets.MaxSize"/>.
    /// </summary>
    public int Size { get; }
    /// <summary>The dataset's seed: with the kind, index, size and difficulty, it fixes each sample.</summary>
    public int Seed { get; }
    /// <summary>Standard or hard (ambiguous borders and irregular outlines).</summary>
    public SyntheticDifficulty Difficulty { get; }

    /// <param name="kind">Which dataset.</param>
    /// <param name="count">The number of samples, 0 or more.</param>
    /// <param name="size">The side of the square images in pixels.</param>
    /// <param name="seed">The dataset's seed.</param>
    /// <param name="difficulty">Standard (by default) or hard.</param>
    /// <exception cref="RemaskUsageException">A negative count or a size out of range.</exception>
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

    /// <inheritdoc/>
    public string NameOf(int index)
    {
        CheckIndex(index);
        return SyntheticDatasets.SampleName(Kind, index);
    }

    /// <inheritdoc/>
    /// <remarks>Generated anew on every call (<see cref="SyntheticDatasets.Generate"/>); nothing is cached.</remarks>
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
