using Remask.Core.Datasets;

namespace Remask.Core.Tests.Datasets;

public class TrainingMaskCheckTests
{
    [Fact]
    public void All_empty_masks_are_a_problem_whatever_the_clean_ones()
    {
        Assert.Contains("every training mask checked is empty", TrainingMaskCheck.Problem([(0, null), (0, null)]));
        Assert.Contains("every training mask checked is empty (2 of them)", TrainingMaskCheck.Problem([(0, 0), (0, 0)]));
        Assert.Contains("1 of 1 training masks checked are empty where", TrainingMaskCheck.Problem([(0, 0), (0, 5)]));
    }

    [Fact]
    public void Masks_mostly_empty_where_the_clean_ones_are_not_are_a_problem_and_a_few_are_not()
    {
        Assert.Contains("2 of 3 training masks checked are empty where", TrainingMaskCheck.Problem([(0, 9), (0, 9), (4, 9), (0, 0)]));
        Assert.Null(TrainingMaskCheck.Problem([(0, 9), (3, 9), (4, 9), (0, 0)]));
        Assert.Null(TrainingMaskCheck.Problem([(1, null)]));
        Assert.Null(TrainingMaskCheck.Problem([]));
    }

    [Fact]
    public void The_probe_is_every_sample_of_a_small_set_and_four_spread_runs_of_a_large_one()
    {
        Assert.Equal([0, 1, 2], TrainingMaskCheck.Probe(3));
        var probe = TrainingMaskCheck.Probe(1000);
        Assert.Equal(32, probe.Length);
        Assert.Equal(new[] { 0, 330, 661, 992 }, probe.Where((_, i) => i % 8 == 0));
        Assert.Equal(999, probe.Max());
    }

    [Fact]
    public void Verify_names_the_folder()
    {
        var e = Assert.Throws<RemaskDataException>(() => TrainingMaskCheck.Verify("/data/noisy", 5, _ => (0, 7)));
        Assert.StartsWith("/data/noisy: 5 of 5 training masks", e.Message);
    }
}
