using Remask.Core.Imaging;

namespace Remask.Core.Relabeling;

/// <summary>One image of a relabel pass kept for the pictures (the paper's Fig. 5): the image, its label before and
/// after, the uncertainty map the pass used (row-major, the image's size) and the clean mask where known, with the
/// label-quality score that ranked it.</summary>
public sealed record RelabelExample(string Name, double Score, Image Image, Mask Before, Mask After, float[] Uncertainty, Mask? Reference)
{
    /// <summary>The pass changed this label.</summary>
    public bool Changed { get; } = !Before.Equals(After);
}

/// <summary>Keeps <see cref="Capacity"/> examples: the images whose label the pass changed before those it left alone
/// (declined by the guard, say), so that the picture shows what relabeling did; within each, the highest label-quality
/// score first (the worst labels, which an expert looks at first), ties by name. Holds at most that many images.</summary>
public sealed class RelabelExamples(int capacity)
{
    private readonly List<RelabelExample> _kept = [];

    /// <summary>How many examples are kept at most (0 or more; 0 keeps none).</summary>
    public int Capacity { get; } = capacity >= 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>True when an image that was (not) <paramref name="changed"/>, with this score, would be kept (call
    /// before building the example).</summary>
    public bool Wants(bool changed, double score, string name) =>
        _kept.Count < Capacity || (Capacity > 0 && Compare(changed, score, name, _kept[^1]) < 0);

    /// <summary>
    /// Keeps <paramref name="example"/> in its place in the order when it ranks among the <see cref="Capacity"/> best
    /// (<see cref="Wants"/>), dropping the one that then falls last.
    /// </summary>
    public void Offer(RelabelExample example)
    {
        if (!Wants(example.Changed, example.Score, example.Name)) return;
        int at = _kept.FindIndex(k => Compare(example.Changed, example.Score, example.Name, k) < 0);
        _kept.Insert(at < 0 ? _kept.Count : at, example);
        if (_kept.Count > Capacity) _kept.RemoveAt(_kept.Count - 1);
    }

    /// <summary>Changed images first, then by score, worst first.</summary>
    public IReadOnlyList<RelabelExample> Worst => _kept.ToList();

    private static int Compare(bool changed, double score, string name, RelabelExample other)
    {
        if (changed != other.Changed) return changed ? -1 : 1;
        int c = other.Score.CompareTo(score);
        return c != 0 ? c : string.CompareOrdinal(name, other.Name);
    }
}
