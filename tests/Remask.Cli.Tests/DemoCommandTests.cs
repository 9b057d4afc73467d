namespace Remask.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void The_demo_trains_without_and_with_relabeling_prints_both_scores_and_writes_the_report()
    {
        using var d = new TempDir();
        var r = CliRunner.Run("demo", "--out", d["demo"], "--epochs", "1", "--train", "16", "--test", "8", "--size", "16");
        Assert.True(r.ExitCode == 0, r.ToString());
        // Its steps: the data, the noisy masks, both runs (the relabel run cross-fitted), the results and the report.
        Assert.True(Directory.Exists(d["demo/data"]), "the synthetic data");
        Assert.True(File.Exists(d["demo/runs/synth-derm-poly3-none-s1/cell.json"]), r.ToString());
        Assert.True(File.Exists(d["demo/runs/synth-derm-poly3-relabel-s1/cross-fit.csv"]), r.ToString());
        Assert.True(File.Exists(d["demo/results.md"]));
        string[] lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("trained on the noisy masks") && l.Contains("D_clean"));
        Assert.Single(lines, l => l.StartsWith("with relabeling") && l.Contains("D_clean"));
        Assert.Contains("report: " + Path.GetFullPath(d["demo/report.html"]), r.Out);
        Assert.True(File.Exists(d["demo/report.html"]));
    }

    [Fact]
    public void Bad_demo_settings_are_a_one_line_usage_error_and_write_nothing()
    {
        using var d = new TempDir();
        var r = CliRunner.Run("demo", "--out", d["demo"], "--size", "20");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(d["demo"]));
    }
}
