using System.Text.Json;
using Remask.Core.Imaging;
using static Remask.Cli.Tests.TrainPredictCommandTests;

namespace Remask.Cli.Tests;

/// <summary>The uncertainty verb, run as a user runs it (tiny data and a narrow network).</summary>
public class UncertaintyCommandTests
{
    /// <summary>A dataset, a 1-epoch run, and noisy masks (the square grown by 2 pixels on each side).</summary>
    private static TempDir Prepared()
    {
        var d = Dataset();
        var r = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Directory.CreateDirectory(d["noisy"]);
        foreach (string f in Directory.GetFiles(d["data/train/masks"]))
        {
            var m = ImageFiles.ReadMask(f, ForegroundRule.AnyPositive);
            var grown = Mask.FromFunction(m.Width, m.Height, (x, y) =>
                x >= m.Width / 4 - 2 && x < 3 * m.Width / 4 + 2 && y >= m.Height / 4 - 2 && y < 3 * m.Height / 4 + 2);
            PngWriter.WriteMask(Path.Combine(d["noisy"], Path.GetFileName(f)), grown);
        }
        return d;
    }

    [Fact]
    public void Writes_maps_heat_maps_csv_and_wrong_label_AUROC_at_the_original_size()
    {
        using var d = Prepared();
        var r = CliRunner.Run("uncertainty", "--model", d["run"], "--data", d["data"], "--split", "train", "--masks", d["noisy"],
            "--method", "tta+mcdo", "--samples", "2", "--out", d["unc"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("wrong-label detection, pixel AUROC", r.Out);
        Assert.Contains("between views", r.Out);
        foreach (string kind in new[] { "aleatoric", "epistemic", "mean" })
        {
            var raster = ImageFiles.ReadRaster(d[$"unc/{kind}/t1.png"]);
            Assert.Equal((16, 1, 21, 21), (raster.BitDepth, raster.Channels, raster.Width, raster.Height));
        }
        var heat = ImageFiles.ReadRaster(d["unc/heatmap/t3.png"]);
        Assert.Equal((8, 3, 23, 23), (heat.BitDepth, heat.Channels, heat.Width, heat.Height));
        var csv = File.ReadAllLines(d["unc/uncertainty.csv"]);
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("name,width,height,sum_aleatoric,sum_epistemic,sum_entropy,sum_mutual_information,sum_between_views,sum_within_views,wrong_pixels,auroc_aleatoric", csv[0]);
        Assert.StartsWith("t0,20,20,", csv[1]);
        using var summary = JsonDocument.Parse(File.ReadAllText(d["unc/summary.json"]));
        Assert.Equal("tta+mcdo", summary.RootElement.GetProperty("method").GetString());
        Assert.Equal(16, summary.RootElement.GetProperty("samples").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("auroc_aleatoric").GetDouble(), 0, 1);
        Assert.True(summary.RootElement.GetProperty("wrong_pixels").GetInt64() > 0);
    }

    [Fact]
    public void Bad_input_is_a_one_line_error_with_the_right_exit_code_and_nothing_written()
    {
        using var d = Prepared();
        string[] common = ["--data", d["data"], "--split", "train", "--out", d["unc"]];
        void Fails(int code, string message, params string[] args)
        {
            var r = CliRunner.Run(["uncertainty", .. args, .. common]);
            Assert.True(r.ExitCode == code, r.ToString());
            Assert.Contains(message, r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
            Assert.False(Directory.Exists(d["unc"]), "output folder written after a failure");
        }
        Fails(1, "nothing: model folder not found", "--model", d["nothing"], "--method", "mcdo");
        Fails(2, "--samples must be at least 2", "--model", d["run"], "--method", "mcdo", "--samples", "1");
        Fails(2, "unknown method 'bayes'", "--model", d["run"], "--method", "bayes");
        Fails(2, "takes 2 to 8 samples", "--model", d["run"], "--method", "tta", "--samples", "9");
        Fails(1, "needs at least 2 member run folders", "--model", d["run"], "--method", "ensemble");

        // A gray image where the model takes RGB.
        PngWriter.Write(d["data/train/images/t2.png"], new Raster(22, 22, 1, 8, new ushort[22 * 22]));
        Fails(1, "t2: input image has 1 channel(s), but the model has 3", "--model", d["run"], "--method", "tta");

        File.WriteAllText(d["run/model.pt"], "not a zip archive");
        Fails(1, "model.pt: cannot read the weights", "--model", d["run"], "--method", "mcdo");
        File.WriteAllText(d["run/model.json"], "{ broken");
        Fails(1, "model.json: not a valid model description", "--model", d["run"], "--method", "mcdo");
    }

    [Fact]
    public void An_ensemble_folder_of_member_runs_gives_one_sample_per_member()
    {
        using var d = Dataset();
        for (int m = 0; m < 2; m++)
            Assert.Equal(0, CliRunner.Run(["train", "--data", d["data"], "--out", d[$"ens/member-0{m}"], .. Tiny[..^1], $"{3 + m}"]).ExitCode);
        var r = CliRunner.Run("uncertainty", "--model", d["ens"], "--data", d["data"], "--split", "test", "--method", "ensemble", "--out", d["unc"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var summary = JsonDocument.Parse(File.ReadAllText(d["unc/summary.json"]));
        Assert.Equal(2, summary.RootElement.GetProperty("samples").GetInt32());
        Assert.True(File.Exists(d["unc/epistemic/s1.png"]));
        var single = CliRunner.Run("uncertainty", "--model", d["ens"], "--data", d["data"], "--method", "mcdo", "--out", d["unc2"]);
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("holds ensemble members", single.Err);
    }
}
