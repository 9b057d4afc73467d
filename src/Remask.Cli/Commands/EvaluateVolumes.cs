using System.Globalization;
using System.Text.Json;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Spectre.Console;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask evaluate</c> on two folders of label volumes (.nii/.nii.gz): volumes paired by sample name, each scored
/// with the 3-D Dice and the mean per-slice Dice (<see cref="VolumeScores"/>). Problems are reported per file, as for images.
/// </summary>
internal static class EvaluateVolumes
{
    internal sealed record Evaluation(IReadOnlyList<VolumeScores> Rows, IReadOnlyList<EvaluateCommand.Problem> Problems);

    public static Evaluation Evaluate(string predFolder, string refFolder, ForegroundRule rule, Func<string, bool> keep,
        IProgress<(int Done, int Total)> progress, CancellationToken cancellationToken)
    {
        var pred = MaskFolderIndex.Of(predFolder, volumes: true);
        var reference = MaskFolderIndex.Of(refFolder, volumes: true);
        ForegroundRule predRule = DerivedMaskStamp.RuleFor(pred.Folder, rule), refRule = DerivedMaskStamp.RuleFor(reference.Folder, rule);
        var problems = pred.Problems.Concat(reference.Problems).Select(p => new EvaluateCommand.Problem(Path.GetFileName(p.Path), p.Path, p.Problem)).ToList();
        foreach (string name in pred.Names.Where(n => keep(n) && reference.PathOf(n) is null))
            problems.Add(new EvaluateCommand.Problem(name, pred.PathOf(name)!, "no reference volume for this sample"));
        foreach (string name in reference.Names.Where(n => keep(n) && pred.PathOf(n) is null))
            problems.Add(new EvaluateCommand.Problem(name, reference.PathOf(name)!, "no predicted volume for this sample"));

        var names = pred.Names.Where(n => keep(n) && reference.PathOf(n) is not null).ToList();
        var rows = new List<VolumeScores>();
        for (int i = 0; i < names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = names[i], predPath = pred.PathOf(name)!, refPath = reference.PathOf(name)!;
            try
            {
                var p = NiftiLabels.Read(predPath, cancellationToken);
                var r = NiftiLabels.Read(refPath, cancellationToken);
                if (!p.SameSize(r))
                    problems.Add(new EvaluateCommand.Problem(name, predPath, $"volume is {p.Nx}x{p.Ny}x{p.Nz}, reference {refPath} is {r.Nx}x{r.Ny}x{r.Nz}"));
                else
                    rows.Add(VolumeScores.Of(name, NiftiLabels.Foreground(p, predRule), NiftiLabels.Foreground(r, refRule), p.Nx * p.Ny));
            }
            catch (RemaskDataException e)
            {
                problems.Add(new EvaluateCommand.Problem(name, e.Path, e.Problem));
            }
            progress.Report((i + 1, names.Count));
        }
        problems.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new Evaluation(rows, problems);
    }

    public static void Print(Evaluation e)
    {
        var o = Ui.Out;
        var table = new Table().AddColumns("volumes", "3-D Dice", "per-slice Dice", "IoU", "precision", "recall");
        table.AddRow(e.Rows.Count.ToString(CultureInfo.InvariantCulture), F(Mean(e.Rows, r => r.Dice)), F(Mean(e.Rows, r => r.SliceDice)),
            F(Mean(e.Rows, r => r.IoU)), F(Mean(e.Rows, r => r.Precision)), F(Mean(e.Rows, r => r.Recall)));
        o.Write(table);
        if (e.Problems.Count == 0) return;
        o.MarkupLine($"[red]{e.Problems.Count} problem(s), left out of the means:[/]");
        foreach (var p in e.Problems) o.WriteLine($"  {p.Path}: {p.Message}");
    }

    public static string ToJson(string pred, string reference, Evaluation e)
    {
        static double? N(double v) => double.IsFinite(v) ? v : null;
        var doc = new
        {
            pred,
            @ref = reference,
            count = e.Rows.Count,
            mean = new
            {
                dice = N(Mean(e.Rows, r => r.Dice)), sliceDice = N(Mean(e.Rows, r => r.SliceDice)), iou = N(Mean(e.Rows, r => r.IoU)),
                precision = N(Mean(e.Rows, r => r.Precision)), recall = N(Mean(e.Rows, r => r.Recall)),
            },
            rows = e.Rows.Select(r => new { name = r.Name, dice = r.Dice, sliceDice = N(r.SliceDice), slicesScored = r.SlicesScored, iou = r.IoU, precision = r.Precision, recall = r.Recall }),
            problems = e.Problems.Select(p => new { name = p.Name, path = p.Path, problem = p.Message }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Mean over the rows where the value is finite (a volume with no foreground slice has no per-slice Dice).</summary>
    private static double Mean(IReadOnlyList<VolumeScores> rows, Func<VolumeScores, double> value)
    {
        var finite = rows.Select(value).Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
