namespace Remask.Core.Datasets;

/// <summary>The samples of <paramref name="set"/> at <paramref name="indices"/>, in that order (for example every k-th
/// training image, which the relabeling step monitors). Index i of the subset is index indices[i] of the set.</summary>
public sealed class SampleSubset(ISampleSet set, IReadOnlyList<int> indices) : ISampleSet
{
    /// <summary>
    /// The set's indices of the subset's samples, in the subset's order; each checked to lie in the set.
    /// </summary>
    public IReadOnlyList<int> Indices { get; } = Check(set, indices);

    /// <inheritdoc/>
    public int Count => Indices.Count;

    /// <inheritdoc/>
    public string NameOf(int index) => set.NameOf(Indices[index]);

    /// <inheritdoc/>
    public Sample Load(int index) => set.Load(Indices[index]);

    /// <summary>Every k-th sample, starting with the first.</summary>
    public static SampleSubset EveryKth(ISampleSet set, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), "at least 1");
        return new SampleSubset(set, Enumerable.Range(0, (set.Count + k - 1) / k).Select(i => i * k).ToArray());
    }

    private static IReadOnlyList<int> Check(ISampleSet set, IReadOnlyList<int> indices)
    {
        foreach (int i in indices)
            if (i < 0 || i >= set.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} outside 0..{set.Count - 1}");
        return indices;
    }
}
