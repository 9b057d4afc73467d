using System.Text.Json;
using static Remask.Cli.Tests.TrainPredictCommandTests;

namespace Remask.Cli.Tests;

/// <summary><c>remask train --ensemble M</c>: the members of a deep ensemble, one ordinary run each.</summary>
public class TrainEnsembleCommandTests
{
    private static long SeedOf(string run) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))).RootElement.GetProperty("options").GetProperty("seed").GetInt64();

    private static string[] Losses(string run) => File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => l.Split(',')[1]).ToArray();

    [Fact]
    public void Members_are_ordinary_runs_with_consecutive_seeds_and_a_second_call_skips_or_extends_them()
    {
        using var d = Dataset();
        string[] train = ["train", "--data", d["data"], "--out", d["ens"], "--ensemble", "2", .. Tiny];   // --seed 3
        var r = CliRunner.Run(train);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal([3L, 4L], new[] { SeedOf(d["ens/member-00"]), SeedOf(d["ens/member-01"]) });
        // member 1 is what a plain run with seed 4 trains
        Assert.Equal(0, CliRunner.Run(["train", "--data", d["data"], "--out", d["plain"], .. Tiny[..^1], "4"]).ExitCode);
        Assert.Equal(Losses(d["plain"]), Losses(d["ens/member-01"]));
        Assert.NotEqual(Losses(d["ens/member-00"]), Losses(d["ens/member-01"]));

        var again = CliRunner.Run(train);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("member 1/2: finished, skipped", again.Err);
        Assert.Contains("member 2/2: finished, skipped", again.Err);

        var longer = CliRunner.Run([.. train.Select(a => a == "1" ? "2" : a)]);                            // --epochs 2
        Assert.True(longer.ExitCode == 0, longer.ToString());
        Assert.Equal(2, Losses(d["ens/member-00"]).Length);
        Assert.Equal(Losses(d["ens/member-01"])[0], Losses(d["plain"])[0]);                            // resumed, not restarted

        var unc = CliRunner.Run("uncertainty", "--model", d["ens"], "--data", d["data"], "--split", "test", "--method", "ensemble", "--out", d["unc"]);
        Assert.True(unc.ExitCode == 0, unc.ToString());
    }

    [Fact]
    public void A_second_call_on_one_channel_images_skips_the_finished_members()
    {
        // One-channel images train with the default jitter (0.1); the members' recorded options have it, so the
        // command's own options must too, or every finished member is refused as trained with other options.
        using var d = new TempDir();
        for (int i = 0; i < 4; i++) Pair(d, "data/train", $"t{i}", 20 + i, channels: 1);
        string[] train = ["train", "--data", d["data"], "--out", d["ens"], "--ensemble", "2", .. Tiny];
        var r = CliRunner.Run(train);
        Assert.True(r.ExitCode == 0, r.ToString());
        var again = CliRunner.Run(train);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("member 1/2: finished, skipped", again.Err);
        Assert.Contains("member 2/2: finished, skipped", again.Err);
        using var info = JsonDocument.Parse(File.ReadAllText(d["ens/member-00/run.json"]));
        Assert.Equal(0.1, info.RootElement.GetProperty("options").GetProperty("augmentation").GetProperty("intensity_jitter").GetDouble());
    }

    [Fact]
    public void Bad_ensemble_requests_are_one_line_errors()
    {
        using var d = Dataset();
        string[] common = ["train", "--data", d["data"], .. Tiny];
        void Fails(int code, string message, params string[] args)
        {
            var r = CliRunner.Run([.. common, .. args]);
            Assert.Equal(code, r.ExitCode);
            Assert.Contains(message, r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
        }
        Fails(2, "at least 2 members", "--out", d["e1"], "--ensemble", "1");
        Fails(2, "--ensemble trains plain members", "--out", d["e2"], "--ensemble", "2", "--method", "relabel");
        Assert.False(Directory.Exists(d["e1"]) || Directory.Exists(d["e2"]));
        Assert.Equal(0, CliRunner.Run([.. common, "--out", d["ens"], "--ensemble", "2"]).ExitCode);
        Fails(1, "trained with other options", "--out", d["ens"], "--ensemble", "2", "--lr", "0.01");
        Assert.Equal(0, CliRunner.Run([.. common, "--out", d["run"]]).ExitCode);
        Fails(2, "is a run folder, not an ensemble folder", "--out", d["run"], "--ensemble", "2");
    }
}
