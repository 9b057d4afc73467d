using System.Text.Json;
using Remask.Core.Experiments;
using Remask.Core.IO;
using Remask.Reports.Experiments;

namespace Remask.Cli.Experiments;

/// <summary>
/// The experiment's outputs from its finished cells: OUT/results.json (the tables and every cell), OUT/results.md
/// (the tables as text) and OUT/report.html (tables, learning curves, relabel examples, worst-ranked images).
/// </summary>
internal static class ExperimentOutputs
{
    /// <summary>Rows of label-quality.csv shown per relabel run.</summary>
    public const int RankedImages = 8;

    public static IReadOnlyList<TableOne> Write(string outDir, ExperimentSpec spec, string command, IReadOnlyList<(ExperimentCell Cell, CellResult Result)> cells)
    {
        var results = cells.Select(c => c.Result).ToList();
        var tables = spec.Datasets.Select(ExperimentData.NameOf).Select(d => TableOne.Build(d, spec.Noises, results)).ToList();
        AtomicOutput.WriteAllText(Path.Combine(outDir, "results.json"),
            JsonSerializer.Serialize(new { Command = command, Tables = tables, Cells = results }, ExperimentSpec.Json) + "\n");
        AtomicOutput.WriteAllText(Path.Combine(outDir, "results.md"), TableText.Markdown(tables, command));

        var curves = new List<LearningCurve>();
        var examples = new List<ReportPicture>();
        var rankings = new List<ReportTable>();
        long seed = spec.Seeds[0];
        foreach (string dataset in spec.Datasets.Select(ExperimentData.NameOf))
            foreach (string noise in spec.Noises.Where(n => n != "clean"))
            {
                var none = cells.FirstOrDefault(c => c.Cell == new ExperimentCell(dataset, noise, "none", seed));
                var relabel = cells.FirstOrDefault(c => c.Cell == new ExperimentCell(dataset, noise, "relabel", seed));
                string? relabelRun = relabel.Cell?.Folder(outDir);
                if (none.Result is { } n)
                    curves.Add(new LearningCurve($"{dataset}, {noise}, seed {seed}: no correction", n.DClean, n.DNoisy,
                        relabelRun is null ? [] : UncertaintyChange(relabelRun), relabel.Result?.RelabelEpochs.FirstOrDefault(e => e is not null)));
                if (relabelRun is null) continue;
                string picture = Path.Combine(relabelRun, "relabel-round-1-examples.png");
                if (File.Exists(picture)) examples.Add(new ReportPicture($"{dataset}, {noise}, seed {seed}: relabel round 1", File.ReadAllBytes(picture)));
                string[] quality = File.Exists(Path.Combine(relabelRun, "label-quality.csv")) ? File.ReadAllLines(Path.Combine(relabelRun, "label-quality.csv")) : [];
                if (quality.Length > 1)
                    rankings.Add(new ReportTable($"{dataset}, {noise}, seed {seed}: label-quality.csv, first {RankedImages}", quality[0].Split(','),
                        quality.Skip(1).Take(RankedImages).Select(l => (IReadOnlyList<string>)l.Split(',')).ToList()));
            }
        AtomicOutput.WriteAllText(Path.Combine(outDir, "report.html"), ExperimentReport.Html(command, tables, curves, examples, rankings));
        return tables;
    }

    /// <summary>The relative change of the mean cumulative uncertainty per epoch, from the relabel run's own
    /// uncertainty-curve.csv (in-run) or its first fold model's (cross-fitted); NaN where not recorded.</summary>
    private static double[] UncertaintyChange(string run)
    {
        string[] places = [Path.Combine(run, "uncertainty-curve.csv"), Path.Combine(run, "cross-fit", "round-1", "fold-1", "uncertainty-curve.csv")];
        if (places.Select(RunCsv.Read).FirstOrDefault(c => c is not null) is not { } csv) return [];
        int epochs = (int)(csv.Rows.Select(r => csv.Number(r, "epoch") ?? 0).DefaultIfEmpty(0).Max());
        var change = Enumerable.Repeat(double.NaN, epochs).ToArray();
        foreach (var row in csv.Rows)
            if (csv.Number(row, "epoch") is double e && e >= 1) change[(int)e - 1] = csv.Number(row, "relative_change") ?? double.NaN;
        return change;
    }
}
