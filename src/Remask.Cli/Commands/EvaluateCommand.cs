using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Remask.Core;
using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask evaluate --pred DIR --ref DIR [--json]</c>: scores predicted masks against reference masks paired by
/// file name (without extension): mean Dice, IoU, precision, recall and HD95, and in <c>--json</c> every image's
/// row. A file without a partner, an unreadable file or a size mismatch is reported for that file and left out of
/// the means; the exit code is then 1.
/// </summary>
internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    internal sealed class Settings : ForegroundSettings
    {
        [CommandOption("--pred <DIR>")]
        [Description("Folder of predicted (or noisy, or repaired) masks")]
        public string? Pred { get; init; }

        [CommandOption("--ref <DIR>")]
        [Description("Folder of reference masks")]
        public string? Ref { get; init; }

        [CommandOption("--json")]
        [Description("Print the means, every image's scores and the problems as JSON on standard output")]
        public bool Json { get; init; }
    }

    internal sealed record Problem(string Name, string Path, string Message);

    internal sealed record Evaluation(IReadOnlyList<MaskScores> Rows, IReadOnlyList<Problem> Problems, DatasetScores Mean);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Pred) || string.IsNullOrWhiteSpace(settings.Ref))
            throw new RemaskUsageException("both --pred DIR and --ref DIR are required");
        ForegroundRule rule = settings.ForegroundRule();
        var predictions = MaskFolder.List(settings.Pred);
        var references = MaskFolder.List(settings.Ref);
        var evaluation = Ui.WithProgress("Scoring masks", p => Evaluate(predictions, references, rule, p, cancellationToken));
        if (settings.Json) Console.Out.WriteLine(ToJson(settings.Pred, settings.Ref, evaluation));
        else Print(evaluation);
        return evaluation.Problems.Count == 0 ? CliApp.Ok : CliApp.BadData;
    }

    /// <summary>Pairs the files by name without extension and scores each pair; problems are collected per file.</summary>
    internal static Evaluation Evaluate(IReadOnlyList<string> predictions, IReadOnlyList<string> references, ForegroundRule rule,
        IProgress<(int Done, int Total)> progress, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        var predByName = ByName(predictions, problems);
        var refByName = ByName(references, problems);
        foreach (var (name, path) in predByName)
            if (!refByName.ContainsKey(name)) problems.Add(new Problem(name, path, "no reference mask with this name"));
        foreach (var (name, path) in refByName)
            if (!predByName.ContainsKey(name)) problems.Add(new Problem(name, path, "no predicted mask with this name"));

        var names = predByName.Keys.Where(refByName.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var rows = new List<MaskScores>();
        for (int i = 0; i < names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = names[i];
            try
            {
                Mask pred = ImageFiles.ReadMask(predByName[name], rule);
                Mask reference = ImageFiles.ReadMask(refByName[name], rule);
                if (!pred.SameSize(reference))
                    problems.Add(new Problem(name, predByName[name],
                        $"prediction is {pred.Width}x{pred.Height}, reference {refByName[name]} is {reference.Width}x{reference.Height}"));
                else
                    rows.Add(MaskScores.Of(name, pred, reference));
            }
            catch (RemaskDataException e)
            {
                problems.Add(new Problem(name, e.Path, e.Problem));
            }
            progress.Report((i + 1, names.Count));
        }
        problems.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Evaluation(rows, problems, DatasetScores.Mean(rows));
    }

    private static Dictionary<string, string> ByName(IReadOnlyList<string> files, List<Problem> problems)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in files)
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (byName.TryGetValue(name, out string? other)) problems.Add(new Problem(name, path, $"another file has the same name: {Path.GetFileName(other)}"));
            else byName[name] = path;
        }
        return byName;
    }

    private static void Print(Evaluation e)
    {
        var o = Ui.Out;
        var m = e.Mean;
        var table = new Table().AddColumns("masks", "Dice", "IoU", "precision", "recall", "HD95 (px)");
        table.AddRow(m.Count.ToString(CultureInfo.InvariantCulture), F(m.Dice), F(m.IoU), F(m.Precision), F(m.Recall),
            F(m.Hd95, "F2") + (m.InfiniteHd95 > 0 ? $" ({m.InfiniteHd95} infinite left out)" : ""));
        o.Write(table);
        if (e.Problems.Count == 0) return;
        o.MarkupLine($"[red]{e.Problems.Count} problem(s), left out of the means:[/]");
        foreach (var p in e.Problems) o.WriteLine($"  {p.Path}: {p.Message}");
    }

    private static string F(double v, string format = "F4") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>JSON; non-finite numbers (HD95 against an empty mask, means over no rows) are null.</summary>
    internal static string ToJson(string pred, string reference, Evaluation e)
    {
        static double? N(double v) => double.IsFinite(v) ? v : null;
        var m = e.Mean;
        var doc = new
        {
            pred,
            @ref = reference,
            count = m.Count,
            mean = new { dice = N(m.Dice), iou = N(m.IoU), precision = N(m.Precision), recall = N(m.Recall), f1 = N(m.F1), hd95 = N(m.Hd95), infiniteHd95 = m.InfiniteHd95 },
            rows = e.Rows.Select(r => new { name = r.Name, dice = r.Dice, iou = r.IoU, precision = r.Precision, recall = r.Recall, f1 = r.F1, hd95 = N(r.Hd95) }),
            problems = e.Problems.Select(p => new { name = p.Name, path = p.Path, problem = p.Message }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }
}
