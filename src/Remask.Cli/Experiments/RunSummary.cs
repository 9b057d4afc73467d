using Remask.Core.Experiments;
using Remask.Torch.Relabeling;

namespace Remask.Cli.Experiments;

/// <summary>
/// Reads what a finished run folder measured into a <see cref="CellResult"/>, as bench/relabel/summary.sh does:
/// D_clean and D_noisy per epoch from metrics.csv; for relabeling the picked epochs, the training masks' Dice with the
/// clean masks before the first and after the last pass, and the last pass's change precision and recall, from
/// cross-fit.csv (cross-fitted) or from metrics.csv's relabel columns (in-run).
/// </summary>
internal static class RunSummary
{
    /// <summary>The auroc_MAP entries of <c>remask uncertainty</c>'s summary.json (empty without the file).</summary>
    private static Dictionary<string, double> Auroc(string summary)
    {
        if (!File.Exists(summary)) return [];
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(summary));
        return json.RootElement.EnumerateObject()
            .Where(p => p.Name.StartsWith("auroc_", StringComparison.Ordinal) && p.Value.ValueKind == System.Text.Json.JsonValueKind.Number)
            .ToDictionary(p => p.Name["auroc_".Length..], p => p.Value.GetDouble());
    }

    public static CellResult Read(string run, string dataset, string noise, string method, long seed, double seconds)
    {
        var metrics = RunCsv.Read(Path.Combine(run, "metrics.csv")) ?? throw new Remask.Core.RemaskDataException(run, "has no metrics.csv");
        double[] dNoisy = metrics.Column("d_noisy");
        var result = new CellResult(dataset, noise, method, seed, metrics.Column("d_clean"), dNoisy.All(double.IsNaN) ? [] : dNoisy)
        {
            Seconds = seconds, Auroc = Auroc(Path.Combine(run, ExperimentCell.UncertaintyFolder, "summary.json")),
        };
        if (RunCsv.Read(Path.Combine(run, CrossFitRelabeling.TableFile)) is { Rows.Count: > 0 } folds)
        {
            var first = folds.Rows[0];
            var last = folds.Rows[^1];
            return result with
            {
                RelabelEpochs = folds.Rows.Select(r => folds.Number(r, "picked_epoch") is double e ? (int?)e : null).ToList(),
                MasksDiceBefore = folds.Number(first, "masks_dice_before"), MasksDiceAfter = folds.Number(last, "masks_dice_after"),
                ChangePrecision = folds.Number(last, "change_precision"), ChangeRecall = folds.Number(last, "change_recall"),
            };
        }
        var relabeled = metrics.Has(RelabelHook.RoundKey) ? metrics.Rows.Where(r => metrics.Number(r, RelabelHook.RoundKey) is not null).ToList() : [];
        if (relabeled.Count == 0) return result;
        return result with
        {
            RelabelEpochs = relabeled.Select(r => (int?)metrics.Number(r, "epoch")).ToList(),
            MasksDiceBefore = metrics.Number(relabeled[0], RelabelHook.DiceBeforeKey), MasksDiceAfter = metrics.Number(relabeled[^1], RelabelHook.DiceAfterKey),
            ChangePrecision = metrics.Number(relabeled[^1], RelabelHook.PrecisionKey), ChangeRecall = metrics.Number(relabeled[^1], RelabelHook.RecallKey),
        };
    }
}
