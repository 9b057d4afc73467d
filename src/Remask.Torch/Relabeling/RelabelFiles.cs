using System.Text;
using Remask.Core.IO;
using Remask.Core.Relabeling;
using Remask.Torch.Training;

namespace Remask.Torch.Relabeling;

/// <summary>
/// What a relabel round leaves in the run folder besides its masks (RUN/relabeled-round-K/):
/// RUN/relabel-round-K.csv (one row per image: changes, the guard's decision and reason, the label-quality parts, and
/// Dice against clean masks where known), RUN/label-quality.csv (the latest round's images ranked by how likely their
/// label is wrong, worst first: the file an expert opens first) and RUN/relabeled/ (a copy of the latest round's masks).
/// </summary>
public static class RelabelFiles
{
    public const string LatestFolder = "relabeled", QualityFile = "label-quality.csv";

    public static string RoundFolder(string runDirectory, int round) => Path.Combine(runDirectory, $"relabeled-round-{round}");

    public static void Write(string runDirectory, int round, RelabelPassResult pass)
    {
        var rows = new StringBuilder("name,to_foreground,to_background,proposed_flips,declined,reason,outline_uncertainty,flip_share,dice_label_prediction,quality_score,dice_before,dice_after\n");
        foreach (var r in pass.Images)
            rows.Append(CsvText.Line(r.Name, r.ToForeground, r.ToBackground, r.Flipped, r.Declined, r.Reason,
                r.Quality.OutlineUncertainty, r.Quality.FlipShare, r.Quality.Dice, r.Quality.Score, r.DiceBefore, r.DiceAfter));
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, $"relabel-round-{round}.csv"), rows.ToString());

        var ranked = LabelQuality.RankWorstFirst(pass.Images.Select(r => (r.Name, r.Quality)));
        var byName = pass.Images.ToDictionary(r => r.Name);
        var quality = new StringBuilder("rank,name,score,outline_uncertainty,flip_share,dice_label_prediction,declined,reason\n");
        for (int i = 0; i < ranked.Count; i++)
        {
            var (name, q) = ranked[i];
            quality.Append(CsvText.Line(i + 1, name, q.Score, q.OutlineUncertainty, q.FlipShare, q.Dice, byName[name].Declined, byName[name].Reason));
        }
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, QualityFile), quality.ToString());

        string source = RoundFolder(runDirectory, round);
        AtomicOutput.WriteDirectory(Path.Combine(runDirectory, LatestFolder), overwrite: true, dir =>
        {
            foreach (string file in Directory.EnumerateFiles(source))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        });
    }
}

/// <summary>RUN/uncertainty-curve.csv: per epoch, the mean cumulative uncertainty S_t, its relative change Δ_t, the
/// Dice between predictions and training labels, Dice on the clean subset (if any) and the relabel round (if one ran).</summary>
public static class CurveFile
{
    public const string Name = "uncertainty-curve.csv";

    public static void Write(string runDirectory, IReadOnlyList<EpochMetrics> history, IReadOnlyDictionary<string, double> current, int epoch)
    {
        var text = new StringBuilder("epoch,mean_cumulative_u,relative_change,label_agreement,clean_subset_dice,relabel_round\n");
        foreach (var (e, extra) in history.Select(r => (r.Epoch, (IReadOnlyDictionary<string, double>)r.Extra)).Append((epoch, current)))
        {
            if (!extra.ContainsKey(RelabelHook.MeanCumulativeKey)) continue;
            text.Append(CsvText.Line(e, Get(extra, RelabelHook.MeanCumulativeKey), Get(extra, RelabelHook.RelativeChangeKey),
                Get(extra, RelabelHook.AgreementKey), Get(extra, RelabelHook.CleanSubsetKey), Get(extra, RelabelHook.RoundKey)));
        }
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, Name), text.ToString());
    }

    private static double? Get(IReadOnlyDictionary<string, double> extra, string key) => extra.TryGetValue(key, out double v) ? v : null;
}
