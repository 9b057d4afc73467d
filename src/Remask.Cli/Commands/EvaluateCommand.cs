using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask evaluate --pred DIR --ref DIR [--json]</c>: scores predicted masks against reference masks paired by
/// sample name (<see cref="SampleFileNames"/>): mean Dice, IoU, precision, recall and HD95, and in <c>--json</c> every image's
/// row. A file without a partner, an unreadable file or a size mismatch is reported for that file and left out of
/// the means; the exit code is then 1. Two folders of label volumes are scored per volume (<see cref="EvaluateVolumes"/>).
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

        [CommandOption("--holdout <RUN>")]
        [Description("Score only the images (or volumes) that the run trained with --holdout held out")]
        public string? Holdout { get; init; }

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
        Func<string, bool> keep = settings.Holdout is null ? _ => true : HeldOutSamples.Of(settings.Holdout);
        if (VolumeMaskFolder.Holds(settings.Pred) && VolumeMaskFolder.Holds(settings.Ref))
        {
            var volumes = Ui.WithProgress("Scoring volumes", p => EvaluateVolumes.Evaluate(settings.Pred, settings.Ref, rule, keep, p, cancellationToken));
            if (settings.Json) Console.Out.WriteLine(EvaluateVolumes.ToJson(settings.Pred, settings.Ref, volumes));
            else EvaluateVolumes.Print(volumes);
            return volumes.Problems.Count == 0 ? CliApp.Ok : CliApp.BadData;
        }
        var predictions = Index(settings.Pred);
        var references = Index(settings.Ref);
        var evaluation = Ui.WithProgress("Scoring masks", p => Evaluate(
            predictions, DerivedMaskStamp.RuleFor(predictions.Folder, rule),
            references, DerivedMaskStamp.RuleFor(references.Folder, rule), keep, p, cancellationToken));
        if (settings.Json) Console.Out.WriteLine(ToJson(settings.Pred, settings.Ref, evaluation));
        else Print(evaluation);
        return evaluation.Problems.Count == 0 ? CliApp.Ok : CliApp.BadData;
    }

    private static MaskFolderIndex Index(string folder)
    {
        var index = MaskFolderIndex.Of(folder);
        if (index.Count == 0) throw new RemaskDataException(folder, "holds no mask images (.png, .jpg, ...)");
        return index;
    }

    /// <summary>Pairs the masks by sample name (<see cref="SampleFileNames"/>: <c>a.png</c> pairs with
    /// <c>a_segmentation.png</c>) and scores each pair; problems are collected per file. Each folder is read with
    /// its own rule (<see cref="DerivedMaskStamp.RuleFor"/>).</summary>
    internal static Evaluation Evaluate(MaskFolderIndex predictions, ForegroundRule predRule, MaskFolderIndex references, ForegroundRule refRule,
        Func<string, bool> keep, IProgress<(int Done, int Total)> progress, CancellationToken cancellationToken)
    {
        var problems = predictions.Problems.Concat(references.Problems)
            .Select(p => new Problem(SampleFileNames.SampleOfMask(p.Path) ?? Path.GetFileName(p.Path), p.Path, p.Problem)).ToList();
        foreach (string name in predictions.Names.Where(keep))
            if (references.PathOf(name) is null) problems.Add(new Problem(name, predictions.PathOf(name)!, "no reference mask for this sample"));
        foreach (string name in references.Names.Where(keep))
            if (predictions.PathOf(name) is null) problems.Add(new Problem(name, references.PathOf(name)!, "no predicted mask for this sample"));

        var names = predictions.Names.Where(n => keep(n) && references.PathOf(n) is not null).ToList();
        var rows = new List<MaskScores>();
        for (int i = 0; i < names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = names[i];
            string predPath = predictions.PathOf(name)!, refPath = references.PathOf(name)!;
            try
            {
                Mask pred = ImageFiles.ReadMask(predPath, predRule);
                Mask reference = ImageFiles.ReadMask(refPath, refRule);
                if (!pred.SameSize(reference))
                    problems.Add(new Problem(name, predPath,
                        $"prediction is {pred.Width}x{pred.Height}, reference {refPath} is {reference.Width}x{reference.Height}"));
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
