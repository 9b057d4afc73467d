using Remask.Core.Imaging;
using Remask.Core.Relabeling;

namespace Remask.Core.Tests.Relabeling;

public class RelabelExamplesTests
{
    private static RelabelExample Example(string name, double score, bool changed = false) =>
        new(name, score, new Image(2, 2, 1, new float[4]), Mask.Empty(2, 2), changed ? Mask.Full(2, 2) : Mask.Empty(2, 2), new float[4], null);

    [Fact]
    public void Keeps_the_highest_scores_worst_first_with_ties_by_name()
    {
        var kept = new RelabelExamples(3);
        foreach (var (name, score) in new[] { ("a", 0.1), ("b", 0.9), ("c", 0.5), ("d", 0.9), ("e", 0.2), ("f", 0.7) })
            kept.Offer(Example(name, score));
        Assert.Equal(["b", "d", "f"], kept.Worst.Select(e => e.Name));
        Assert.False(kept.Wants(false, 0.6, "g"));
        Assert.True(kept.Wants(false, 0.8, "g"));
        Assert.True(kept.Wants(false, 0.7, "a"), "a tie with the last kept is broken by name");
    }

    [Fact]
    public void Capacity_zero_keeps_nothing() =>
        Assert.False(new RelabelExamples(0).Wants(true, 1, "a"));

    [Fact]
    public void Changed_labels_come_before_unchanged_ones_whatever_their_score()
    {
        var kept = new RelabelExamples(3);
        kept.Offer(Example("declined-worst", 0.99));
        kept.Offer(Example("changed-mild", 0.2, changed: true));
        kept.Offer(Example("declined", 0.9));
        kept.Offer(Example("changed-bad", 0.6, changed: true));
        Assert.Equal(["changed-bad", "changed-mild", "declined-worst"], kept.Worst.Select(e => e.Name));
        Assert.True(kept.Wants(true, 0.01, "z"), "any changed label beats an unchanged one");
        Assert.False(kept.Wants(false, 0.95, "z"));
    }
}
