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

public class HistogramAurocTests
{
    [Fact]
    public void Pooled_over_images_it_is_the_exact_AUROC_of_the_quantised_scores()
    {
        var rng = new Random(5);
        var h = new HistogramAuroc(max: 0.25, bins: 101);
        var allScores = new List<float>();
        var allTruth = new List<byte>();
        for (int image = 0; image < 3; image++)
        {
            var truth = Enumerable.Range(0, 200).Select(_ => (byte)(rng.NextDouble() < 0.3 ? 1 : 0)).ToArray();
            var scores = truth.Select(t => (float)Math.Min(0.3, rng.NextDouble() * 0.2 + t * 0.05)).ToArray();
            h.Add(scores, truth);
            // The same quantisation by hand: levels 0..100 of 0.25 (0.3 clamps to 100).
            allScores.AddRange(scores.Select(s => (float)Math.Min(100, Math.Round(s / 0.25 * 100))));
            allTruth.AddRange(truth);
        }
        Assert.Equal(Auroc.Compute(allScores.ToArray(), allTruth.ToArray()), h.Value, 12);
        Assert.Equal(allTruth.Count(t => t == 1), h.Positives);
        Assert.InRange(h.Value, 0.6, 1.0);
    }

    [Fact]
    public void One_class_gives_NaN()
    {
        var h = new HistogramAuroc();
        h.Add([0.1f, 0.2f], [1, 1]);
        Assert.True(double.IsNaN(h.Value));
    }
}
