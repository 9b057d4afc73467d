using Remask.Core.Experiments;

namespace Remask.Core.Tests.Experiments;

public class TableOneTests
{
    private static CellResult Cell(string noise, string method, long seed, double last, int peak = 1) =>
        new("synth-derm", noise, method, seed, Enumerable.Range(1, 3).Select(e => e == peak ? last + 5 : last).Append(last).ToArray(), [last - 1]);

    [Fact]
    public void Rows_follow_the_papers_order_with_spreads_over_seeds_and_gap_recovery_from_the_means()
    {
        CellResult[] cells =
        [
            Cell("clean", "none", 1, 90), Cell("clean", "none", 2, 92),
            Cell("poly3", "none", 1, 70, peak: 2), Cell("poly3", "none", 2, 72, peak: 2),
            Cell("poly3", "relabel", 1, 80) with { RelabelEpochs = [3, null], MasksDiceBefore = 0.7, MasksDiceAfter = 0.8 },
            Cell("poly3", "relabel", 2, 82) with { RelabelEpochs = [5, 4] },
        ];
        var t = TableOne.Build("synth-derm", ["clean", "poly3"], cells);
        Assert.Equal(["poly3"], t.Noises);
        Assert.Equal(["clean", "none", "relabel"], t.Rows.Select(r => r.Method));
        var relabel = t.Rows[2].Entries[0]!;
        Assert.Equal(new Spread(81, 80, 82, 2), relabel.DClean);
        Assert.Equal(80, relabel.DNoisy!.Mean);
        Assert.Equal((81 - 71) / (91.0 - 71), relabel.GapRecovery!.Value, 12);
        Assert.Equal(4, relabel.ChosenEpoch);
        Assert.Equal(2, relabel.BestEpoch);
        Assert.Equal(0.7, relabel.MasksDiceBefore);
        Assert.Null(t.Rows[1].Entries[0]!.GapRecovery);
        Assert.Null(t.Rows[0].Entries[0]!.DNoisy);
        Assert.Equal(91, t.Rows[0].Entries[0]!.DClean.Mean);
    }

    [Fact]
    public void The_last_epochs_mean_averages_each_runs_last_three_epochs_then_spreads_over_seeds()
    {
        CellResult[] cells =
        [
            new("synth-ct", "poly7", "relabel", 1, [50, 90, 96, 84], []),   // last three: 90, 96, 84 -> 90
            new("synth-ct", "poly7", "relabel", 2, [60, 94], []),           // shorter run: both epochs -> 77
        ];
        Assert.Equal(90, cells[0].MeanDCleanOfLast(3), 12);
        Assert.Equal(77, cells[1].MeanDCleanOfLast(3), 12);
        var entry = TableOne.Build("synth-ct", ["poly7"], cells).Rows.Single().Entries[0]!;
        Assert.Equal(new Spread(83.5, 77, 90, 2), entry.DCleanLastEpochs);
        Assert.Equal(89, entry.DClean.Mean); // the last epochs alone: 84 and 94
    }

    [Fact]
    public void No_gap_recovery_without_a_gap()
    {
        Assert.Null(TableOne.GapRecovery(80, 90, 85));
        Assert.Null(TableOne.GapRecovery(80, null, 85));
        Assert.Equal(0.5, TableOne.GapRecovery(80, 70, 90));
    }
}
