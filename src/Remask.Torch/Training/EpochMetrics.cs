using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Remask.Core.IO;

namespace Remask.Torch.Training;

/// <summary>
/// One row of metrics.csv / metrics.json: the epoch (1-based), the mean training loss, Dice in percent on the
/// test split against clean masks (D_clean) and against noisy masks (D_noisy) where those exist, the epoch's
/// wall time and training throughput, the training masks used (a folder, or "dataset" for the dataset's own),
/// and any extra values a hook added (for example the mean cumulative uncertainty).
/// </summary>
public sealed record EpochMetrics
{
    /// <summary>The epoch, 1-based.</summary>
    public int Epoch { get; init; }
    /// <summary>
    /// The mean training loss (BCE + soft Dice, <see cref="SegmentationLoss"/>) over the images trained in the epoch.
    /// </summary>
    public double TrainLoss { get; init; }
    /// <summary>Mean test Dice against the clean masks, in percent; null without a test split with masks.</summary>
    public double? DClean { get; init; }
    /// <summary>Mean test Dice against the noisy test masks, in percent; null without noisy test masks.</summary>
    public double? DNoisy { get; init; }
    /// <summary>
    /// Wall time of the epoch's training steps in seconds (summed over resumes; evaluation not included).
    /// </summary>
    public double Seconds { get; init; }
    /// <summary>Training throughput: images trained over <see cref="Seconds"/>.</summary>
    public double ImagesPerSecond { get; init; }
    /// <summary>The training masks used: the folder they were read from, or "dataset" for the dataset's own.</summary>
    public string TrainMasks { get; init; } = "dataset";
    /// <summary>
    /// Values a hook or a pixel weighting added, by column name (for example <c>mean_cumulative_u</c>).
    /// </summary>
    public Dictionary<string, double> Extra { get; init; } = new();
}

/// <summary>Writes the rows of a run to metrics.csv and metrics.json (rewritten whole and atomically after every epoch).</summary>
internal static class MetricsFiles
{
    public const string CsvName = "metrics.csv";
    public const string JsonName = "metrics.json";

    private static readonly string[] Fixed = ["epoch", "train_loss", "d_clean", "d_noisy", "seconds", "images_per_second", "train_masks"];

    public static void Write(string runDirectory, IReadOnlyList<EpochMetrics> rows)
    {
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, CsvName), Csv(rows));
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, JsonName), Json(rows));
    }

    public static string Csv(IReadOnlyList<EpochMetrics> rows)
    {
        var extras = ExtraColumns(rows);
        var sb = new StringBuilder();
        sb.AppendJoin(',', Fixed.Concat(extras)).Append('\n');
        foreach (var r in rows)
        {
            var cells = new List<string>
            {
                r.Epoch.ToString(CultureInfo.InvariantCulture), Num(r.TrainLoss), Num(r.DClean), Num(r.DNoisy),
                Num(r.Seconds), Num(r.ImagesPerSecond), Quote(r.TrainMasks),
            };
            cells.AddRange(extras.Select(e => r.Extra.TryGetValue(e, out double v) ? Num(v) : ""));
            sb.AppendJoin(',', cells).Append('\n');
        }
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<EpochMetrics> rows)
    {
        var list = rows.Select(r =>
        {
            var o = new Dictionary<string, object?>
            {
                ["epoch"] = r.Epoch, ["train_loss"] = r.TrainLoss, ["d_clean"] = r.DClean, ["d_noisy"] = r.DNoisy,
                ["seconds"] = r.Seconds, ["images_per_second"] = r.ImagesPerSecond, ["train_masks"] = r.TrainMasks,
            };
            foreach (var (k, v) in r.Extra) o[k] = v;
            return o;
        }).ToList();
        return JsonSerializer.Serialize(list, new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n";
    }

    private static List<string> ExtraColumns(IReadOnlyList<EpochMetrics> rows)
    {
        var cols = new List<string>();
        foreach (var r in rows)
            foreach (var k in r.Extra.Keys)
                if (!cols.Contains(k) && !Fixed.Contains(k)) cols.Add(k);
        return cols;
    }

    private static string Num(double? v) => CsvText.Cell(v);

    private static string Quote(string s) => CsvText.Quote(s);
}
