using Remask.Core.Imaging;

namespace Remask.Cli.Tests;

/// <summary><c>remask train --method reweight</c> as a user runs it (tiny data and a narrow network).</summary>
public class TrainReweightCommandTests
{
    /// <summary>A dataset (clean masks) and noisy training masks (the squares eroded).</summary>
    private static TempDir WithNoisyMasks() => TrainRelabelCommandTests.WithNoisyMasks();

    [Fact]
    public void Reweight_run_writes_the_weight_columns_and_pictures_and_resumes()
    {
        using var d = WithNoisyMasks();
        var r = CliRunner.Run(["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], .. TrainPredictCommandTests.Tiny,
            "--method", "reweight", "--clean-subset", "2"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] metrics = File.ReadAllLines(d["run/metrics.csv"]);
        var header = metrics[0].Split(',');
        int share = Array.IndexOf(header, "zero_weight_share"), skipped = Array.IndexOf(header, "skipped_batches");
        Assert.True(share > 0 && skipped > 0, metrics[0]);
        Assert.InRange(double.Parse(metrics[1].Split(',')[share], System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        var pictures = Directory.GetFiles(d["run/weight-maps/epoch-001"], "*.png").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["t0.png", "t1.png", "t2.png", "t3.png"], pictures);
        var picture = ImageFiles.ReadRaster(d["run/weight-maps/epoch-001/t0.png"]);
        Assert.Equal((48, 16), (picture.Width, picture.Height));

        var resumed = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(3, File.ReadAllLines(d["run/metrics.csv"]).Length);
        Assert.True(Directory.Exists(d["run/weight-maps/epoch-002"]));
    }

    [Theory]
    [InlineData(2, "--method", "reweight")]
    [InlineData(2, "--method", "reweight", "--clean-subset", "0")]
    [InlineData(1, "--method", "reweight", "--clean-subset", "NOWHERE")]
    public void Bad_reweight_options_give_a_one_line_error_and_no_run_folder(int exitCode, params string[] extra)
    {
        using var d = WithNoisyMasks();
        string[] args = ["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], .. TrainPredictCommandTests.Tiny,
            .. extra.Select(a => a == "NOWHERE" ? d["nowhere"] : a)];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Single(r.Err.Trim().Split('\n'));
        if (exitCode == 2) Assert.Contains("--clean-subset", r.Err);
        Assert.False(Directory.Exists(d["run"]), "no run folder is left behind");
    }
}
