using Remask.Core.Metrics;
using Remask.Core.Tests.TestSupport;

namespace Remask.Core.Tests.Metrics;

public class AurocTests
{
    public sealed record AurocCase(float[] Scores, int[] Truth, double Auroc);

    [Fact]
    public void Matches_the_rank_formula_computed_with_scipy_rankdata()
    {
        var cases = Fixture.Load<AurocCase[]>("auroc");
        Assert.True(cases.Length >= 25);
        foreach (var c in cases)
            Assert.Equal(c.Auroc, Auroc.Compute(c.Scores, c.Truth.Select(t => (byte)t).ToArray()), 12);
    }

    [Fact]
    public void Perfect_inverted_and_all_tied_scores()
    {
        byte[] truth = [0, 0, 1, 1, 0, 1];
        Assert.Equal(1.0, Auroc.Compute([0.1f, 0.2f, 0.8f, 0.9f, 0.3f, 0.7f], truth));
        Assert.Equal(0.0, Auroc.Compute([0.9f, 0.8f, 0.1f, 0.2f, 0.7f, 0.3f], truth));
        Assert.Equal(0.5, Auroc.Compute([0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f], truth));
    }

    [Fact]
    public void A_hand_counted_case_with_a_tie()
    {
        // Positives score 0.9 and 0.5; negatives 0.5 and 0.1. Pairs: (0.9,0.5) 1, (0.9,0.1) 1, (0.5,0.5) 1/2, (0.5,0.1) 1.
        Assert.Equal(3.5 / 4, Auroc.Compute([0.9f, 0.5f, 0.5f, 0.1f], [1, 1, 0, 0]));
    }

    [Fact]
    public void Negative_scores_order_correctly_and_minus_zero_ties_with_zero()
    {
        Assert.Equal(1.0, Auroc.Compute([-1.5f, -1e-30f, -2f, float.NegativeInfinity], [1, 1, 0, 0]));
        Assert.Equal(0.5, Auroc.Compute([-0.0f, 0.0f], [1, 0]));
        Assert.Equal(1.0, Auroc.Compute([float.PositiveInfinity, float.MaxValue], [1, 0]));
    }

    [Fact]
    public void One_class_only_gives_NaN_and_NaN_scores_are_rejected()
    {
        Assert.True(double.IsNaN(Auroc.Compute([0.1f, 0.2f], [1, 1])));
        Assert.True(double.IsNaN(Auroc.Compute([0.1f, 0.2f], [0, 0])));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([float.NaN, 0.2f], [0, 1]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.2f], [0, 1]));
    }

    [Fact]
    public void The_dataset_mean_skips_images_where_AUROC_is_undefined()
    {
        Assert.Equal(0.75, AurocSummary.MeanOver([1.0, double.NaN, 0.5]));
        Assert.True(double.IsNaN(AurocSummary.MeanOver([double.NaN])));
    }
}
