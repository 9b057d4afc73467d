using System.Text;
using Remask.Core.Datasets;
using Remask.Core.IO;
using Remask.Core.Relabeling;
using Remask.Reports;
using Remask.Torch.Training;

namespace Remask.Torch.Relabeling;

/// <summary>
/// What a relabel round leaves in the run folder besides its masks (RUN/relabeled-round-K/):
/// RUN/relabel-round-K.csv (one row per image: changes, the guard's decision and reason, the label-quality parts, and
/// Dice against clean masks where known), RUN/relabel-round-K-examples.png (the worst-ranked images before and after), RUN/label-quality.csv (the input masks, as round 1 saw them, ranked by how
/// likely each is wrong, worst first: the file an expert opens first) and RUN/relabeled/ (a copy of the latest round's masks).
/// </summary>
internal static class RelabelFiles
{
    public const string LatestFolder = "relabeled", QualityFile = RelabelTables.QualityFile;

    public static string RoundFolder(string runDirectory, int round) => Path.Combine(runDirectory, $"relabeled-round-{round}");

    /// <summary>RUN/relabel-round-K-examples.png: the round's worst-ranked labels before and after (<see cref="RelabelFigure"/>).</summary>
    public static string ExamplesFile(string runDirectory, int round) => Path.Combine(runDirectory, $"relabel-round-{round}-examples.png");

    public const string VolumesFolder = "relabeled-volumes";

    /// <param name="runDirectory">The run folder, RUN.</param>
    /// <param name="round">K, the round (1-based); round 1 also writes RUN/label-quality.csv.</param>
    /// <param name="pass">The round's pass, whose masks are already in RUN/relabeled-round-K/.</param>
    /// <param name="volumes">For a dataset read as slices of volumes (Decathlon): the input label volumes, so that
    /// RUN/relabeled-volumes/ holds the latest masks as volumes under the input volumes' names (<see cref="RepairedVolumes"/>).</param>
    public static void Write(string runDirectory, int round, RelabelPassResult pass, IReadOnlyList<RepairedVolumes.Source>? volumes = null)
    {
        RelabelTables.WriteImages(Path.Combine(runDirectory, $"relabel-round-{round}.csv"), pass);
        RelabelFigure.Write(ExamplesFile(runDirectory, round), pass.Examples);
        // The ranking is of the masks the user gave (round 1 reads them); later rounds read masks this run wrote.
        if (round == 1) RelabelTables.WriteRanking(Path.Combine(runDirectory, QualityFile), pass);
        string source = RoundFolder(runDirectory, round);
        AtomicOutput.WriteDirectory(Path.Combine(runDirectory, LatestFolder), overwrite: true, dir =>
        {
            foreach (string file in Directory.EnumerateFiles(source))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        });
        if (volumes is { Count: > 0 })
            RepairedVolumes.Write(source, volumes, Path.Combine(runDirectory, VolumesFolder), overwrite: true);
    }

    /// <summary>The input label volumes behind a run's training slices (empty unless the data are volumes).</summary>
    public static IReadOnlyList<RepairedVolumes.Source> VolumesOf(TrainingData data) =>
        RepairedVolumes.Of(data.Train, (data.TrainMasks as MaskFolderSource)?.Reader);
}

/// <summary>RUN/uncertainty-curve.csv: per epoch, the mean cumulative uncertainty S_t, its relative change Δ_t, the
/// Dice between predictions and training labels, Dice on the clean subset (if any) and the relabel round (if one ran).</summary>
internal static class CurveFile
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
