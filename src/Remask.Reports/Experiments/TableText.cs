using System.Globalization;
using Remask.Core.Experiments;

namespace Remask.Reports.Experiments;

/// <summary>The text of a <see cref="TableOne"/> entry, shared by results.md and report.html.</summary>
public static class TableText
{
    /// <summary><c>D_clean / D_noisy</c> in percent, each as the mean and the [min, max] over seeds.</summary>
    public static string Scores(TableEntry e) => $"{Cell(e.DClean)} / {(e.DNoisy is { } n ? Cell(n) : "-")}";

    /// <summary>A spread as <c>mean [min, max]</c>, in percent with one decimal.</summary>
    public static string Cell(Spread s) => $"{F1(s.Mean)} [{F1(s.Min)}, {F1(s.Max)}]";

    /// <summary>Gap recovery, mask repair, change precision / recall and the chosen vs best epoch, where known.</summary>
    public static string Details(TableEntry e)
    {
        var parts = new List<string>();
        if (e.DCleanLastEpochs is { } last) parts.Add($"D_clean over the last {TableEntry.LastEpochs} epochs {Cell(last)}");
        if (e.GapRecovery is double g) parts.Add($"gap recovery {Pct(g)} %");
        if (e.MasksDiceBefore is double b && e.MasksDiceAfter is double a) parts.Add($"masks Dice {Pct(b)} -> {Pct(a)}");
        if (e.ChangePrecision is double p && e.ChangeRecall is double r) parts.Add($"change P/R {p.ToString("F2", CultureInfo.InvariantCulture)}/{r.ToString("F2", CultureInfo.InvariantCulture)}");
        if (e.Auroc.Count > 0)
            parts.Add("error-detection AUROC " + string.Join(", ", e.Auroc.Select(p => $"{p.Key} {p.Value.ToString("F3", CultureInfo.InvariantCulture)}")));
        if (e.ChosenEpoch is double c) parts.Add($"relabel epoch {F1(c)} (D_clean peak of none: {(e.BestEpoch is double best ? F1(best) : "-")})");
        else if (e.BestEpoch is double best2) parts.Add($"rule did not fire (D_clean peak of none: {F1(best2)})");
        if (e.DClean.Count > 0) parts.Add($"n = {e.DClean.Count}");
        return string.Join("; ", parts);
    }

    /// <summary>results.md: per dataset, the table (D_clean / D_noisy) and the details of each entry below it.</summary>
    public static string Markdown(IReadOnlyList<TableOne> tables, string command)
    {
        var md = new System.Text.StringBuilder("# Experiment results\n\n");
        md.Append("D_clean / D_noisy in % at the last epoch: mean over seeds, then [min, max]. Command: `").Append(command).Append("`\n");
        foreach (var t in tables)
        {
            md.Append($"\n## {t.Dataset}\n\n| | {string.Join(" | ", t.Noises)} |\n|---|{string.Concat(t.Noises.Select(_ => "---|"))}\n");
            foreach (var row in t.Rows)
                md.Append($"| {row.Label} | {string.Join(" | ", row.Entries.Select(e => e is null ? "-" : Scores(e)))} |\n");
            md.Append('\n');
            foreach (var row in t.Rows)
                for (int i = 0; i < t.Noises.Count; i++)
                    if (row.Entries[i] is { } e && Details(e) is { Length: > 0 } d) md.Append($"- {row.Label}, {t.Noises[i]}: {d}\n");
        }
        return md.ToString();
    }

    internal static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    internal static string Pct(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture);
}
