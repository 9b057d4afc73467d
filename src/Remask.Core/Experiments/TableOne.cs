namespace Remask.Core.Experiments;

/// <summary>One cell of <see cref="TableOne"/>: a method trained on one noise type, over the seeds.</summary>
/// <param name="DClean">Last epoch's D_clean in percent over seeds.</param>
/// <param name="DNoisy">Last epoch's D_noisy in percent over seeds (null for the clean row).</param>
/// <param name="GapRecovery">(D(method) - D(none)) / (D(clean) - D(none)) from the means of D_clean; null for the clean
/// and none rows, or without both of those.</param>
/// <param name="MasksDiceBefore">Mean over seeds of the training masks' Dice with the clean masks before the first
/// relabel pass, in [0, 1] (<see cref="CellResult.MasksDiceBefore"/>); null where no cell measured it.</param>
/// <param name="MasksDiceAfter">The same after the last relabel pass.</param>
/// <param name="ChangePrecision">Mean over seeds of the last pass's share of changed pixels that were wrong before, in
/// [0, 1]; null where no cell measured it.</param>
/// <param name="ChangeRecall">Mean over seeds of the last pass's share of wrong pixels that it changed, in [0, 1]; null
/// where no cell measured it.</param>
/// <param name="Auroc">Mean error-detection AUROC over seeds, by uncertainty map (none row only).</param>
/// <param name="ChosenEpoch">Mean relabel epoch picked by the rule (over folds and seeds where it fired).</param>
/// <param name="BestEpoch">Mean epoch where the uncorrected (none) model's D_clean peaked, for the same noise.</param>
public sealed record TableEntry(Spread DClean, Spread? DNoisy, double? GapRecovery,
    double? MasksDiceBefore, double? MasksDiceAfter, double? ChangePrecision, double? ChangeRecall,
    IReadOnlyDictionary<string, double> Auroc, double? ChosenEpoch, double? BestEpoch)
{
    /// <summary>How many last epochs <see cref="DCleanLastEpochs"/> averages.</summary>
    public const int LastEpochs = 3;

    /// <summary>Over seeds, each run's mean D_clean of its last <see cref="LastEpochs"/> epochs, in percent
    /// (<see cref="CellResult.MeanDCleanOfLast"/>); null where not computed.</summary>
    public Spread? DCleanLastEpochs { get; init; }
}

/// <summary>A row of <see cref="TableOne"/>: a method, with an entry per noise column (null where it did not run).</summary>
public sealed record TableRow(string Label, string Method, IReadOnlyList<TableEntry?> Entries);

/// <summary>The paper's Table 1 for one dataset: rows clean GT, no correction, reweighting, relabeling; columns the noise types.</summary>
public sealed record TableOne(string Dataset, IReadOnlyList<string> Noises, IReadOnlyList<TableRow> Rows)
{
    /// <summary>The row labels, in the table's order, by method (clean: the clean-GT row).</summary>
    public static readonly IReadOnlyList<(string Method, string Label)> RowOrder =
        [("clean", "clean GT"), ("none", "no correction"), ("reweight", "reweighting"), ("relabel", "relabeling")];

    /// <summary>Builds the table of <paramref name="dataset"/> from its finished cells. The clean cells (noise
    /// <c>clean</c>) fill the clean-GT row in every column; <paramref name="noises"/> are the columns (clean excluded).</summary>
    public static TableOne Build(string dataset, IReadOnlyList<string> noises, IEnumerable<CellResult> cells)
    {
        var mine = cells.Where(c => c.Dataset == dataset).ToList();
        var clean = mine.Where(c => c.Noise == "clean").ToList();
        var columns = noises.Where(n => n != "clean").ToList();
        double? cleanMean = clean.Count > 0 ? clean.Average(c => c.LastDClean) : null;
        var rows = new List<TableRow>();
        foreach (var (method, label) in RowOrder)
        {
            var entries = columns.Select(noise =>
            {
                var these = method == "clean" ? clean : mine.Where(c => c.Noise == noise && c.Method == method).ToList();
                if (these.Count == 0) return null;
                var none = mine.Where(c => c.Noise == noise && c.Method == "none").ToList();
                double? noneMean = none.Count > 0 ? none.Average(c => c.LastDClean) : null;
                double mean = these.Average(c => c.LastDClean);
                double? gap = method is "clean" or "none" ? null : GapRecovery(mean, noneMean, cleanMean);
                var relabelEpochs = these.SelectMany(c => c.RelabelEpochs).OfType<int>().Select(e => (double)e).ToList();
                return new TableEntry(Spread.Of(these.Select(c => c.LastDClean))!,
                    method == "clean" ? null : Spread.Of(these.Where(c => c.LastDNoisy is not null).Select(c => c.LastDNoisy!.Value)),
                    gap,
                    Spread.MeanOf(these.Select(c => c.MasksDiceBefore)), Spread.MeanOf(these.Select(c => c.MasksDiceAfter)),
                    Spread.MeanOf(these.Select(c => c.ChangePrecision)), Spread.MeanOf(these.Select(c => c.ChangeRecall)),
                    these.SelectMany(c => c.Auroc).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Average(p => p.Value)),
                    relabelEpochs.Count > 0 ? relabelEpochs.Average() : null,
                    method == "relabel" && none.Count > 0 ? none.Average(c => (double)c.PeakEpoch) : null)
                {
                    DCleanLastEpochs = Spread.Of(these.Select(c => c.MeanDCleanOfLast(TableEntry.LastEpochs))),
                };
            }).ToList();
            if (entries.Any(e => e is not null)) rows.Add(new TableRow(label, method, entries));
        }
        return new TableOne(dataset, columns, rows);
    }

    /// <summary>(method - none) / (clean - none); null without both references or when clean is not above none.</summary>
    public static double? GapRecovery(double method, double? none, double? clean) =>
        none is double n && clean is double c && c - n > 0 ? (method - n) / (c - n) : null;
}
