using System.Text;
using Remask.Core.IO;

namespace Remask.Core.Relabeling;

/// <summary>
/// The tables of a relabel pass: one row per image (changes, the guard's decision and reason, the label-quality parts,
/// Dice against clean masks where known), and label-quality.csv, the images ranked by how likely their label is wrong,
/// worst first (the file an expert opens first). Both are written atomically.
/// </summary>
public static class RelabelTables
{
    /// <summary>
    /// The file name of the ranking that <see cref="WriteRanking"/> writes: <c>label-quality.csv</c>.
    /// </summary>
    public const string QualityFile = "label-quality.csv";

    /// <summary>
    /// Writes <paramref name="pass"/>'s per-image rows to <paramref name="path"/> as CSV, in the pass's order: the
    /// changes, the guard's decision and reason, the label-quality parts, Dice before and after (empty without a clean
    /// mask), and what the later steps did (committee veto, grow threshold, edge snap, appearance check, the background
    /// floor's reach, dropped apart objects).
    /// </summary>
    public static void WriteImages(string path, RelabelPassResult pass)
    {
        var rows = new StringBuilder("name,to_foreground,to_background,proposed_flips,declined,reason,outline_uncertainty,flip_share,dice_label_prediction,quality_score,dice_before,dice_after,vetoed,grow_at,snapped,refuted,floor_reach,apart\n");
        foreach (var r in pass.Images)
            rows.Append(CsvText.Line(r.Name, r.ToForeground, r.ToBackground, r.Flipped, r.Declined, r.Reason,
                r.Quality.OutlineUncertainty, r.Quality.FlipShare, r.Quality.Dice, r.Quality.Score, r.DiceBefore, r.DiceAfter, r.Vetoed, r.GrowAt, r.Snapped, r.Refuted, r.FloorReach, r.Apart));
        AtomicOutput.WriteAllText(path, rows.ToString());
    }

    /// <summary>
    /// Writes <paramref name="pass"/>'s images to <paramref name="path"/> as CSV ranked by label-quality score, worst
    /// first (rank 1), with the score's parts and the guard's decision (<see cref="LabelQuality.RankWorstFirst"/>).
    /// </summary>
    public static void WriteRanking(string path, RelabelPassResult pass)
    {
        var ranked = LabelQuality.RankWorstFirst(pass.Images.Select(r => (r.Name, r.Quality)));
        var byName = pass.Images.ToDictionary(r => r.Name);
        var text = new StringBuilder("rank,name,score,outline_uncertainty,flip_share,dice_label_prediction,declined,reason\n");
        for (int i = 0; i < ranked.Count; i++)
        {
            var (name, q) = ranked[i];
            text.Append(CsvText.Line(i + 1, name, q.Score, q.OutlineUncertainty, q.FlipShare, q.Dice, byName[name].Declined, byName[name].Reason));
        }
        AtomicOutput.WriteAllText(path, text.ToString());
    }
}
