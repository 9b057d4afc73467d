using Remask.Core.Imaging;

namespace Remask.Core.Relabeling;

/// <summary>One image of a relabel pass kept for the pictures (the paper's Fig. 5): the image, its label before and
/// after, the uncertainty map the pass used (row-major, the image's size) and the clean mask where known, with the
/// label-quality score that ranked it.</summary>
public sealed record RelabelExample(string Name, double Score, Image Image, Mask Before, Mask After, float[] Uncertainty, Mask? Reference);

/// <summary>Keeps the <see cref="Capacity"/> examples with the highest label-quality score (the worst labels, which an
/// expert looks at first), ties by name; holds at most that many images at once.</summary>
public sealed class RelabelExamples(int capacity)
{
    private readonly List<RelabelExample> _kept = [];

    public int Capacity { get; } = capacity >= 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>True when an image with this score would be kept (call before building the example).</summary>
    public bool Wants(double score, string name) =>
        _kept.Count < Capacity || (Capacity > 0 && Compare(score, name, _kept[^1]) < 0);

    public void Offer(RelabelExample example)
    {
        if (!Wants(example.Score, example.Name)) return;
        int at = _kept.FindIndex(k => Compare(example.Score, example.Name, k) < 0);
        _kept.Insert(at < 0 ? _kept.Count : at, example);
        if (_kept.Count > Capacity) _kept.RemoveAt(_kept.Count - 1);
    }

    /// <summary>Worst first.</summary>
    public IReadOnlyList<RelabelExample> Worst => _kept.ToList();

    private static int Compare(double score, string name, RelabelExample other)
    {
        int c = other.Score.CompareTo(score);
        return c != 0 ? c : string.CompareOrdinal(name, other.Name);
    }
}
