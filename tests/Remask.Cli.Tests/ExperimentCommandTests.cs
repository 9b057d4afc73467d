using System.Text.Json;
using Remask.Core.Experiments;
using Remask.Reports.Experiments;

namespace Remask.Cli.Tests;

/// <summary><c>remask experiment</c> as a user runs it (tiny synthetic data, a narrow network, one seed).</summary>
public class ExperimentCommandTests
{
    private static string[] Tiny(string outDir) => ["experiment", "--dataset", "synth-derm", "--noise", "clean,poly3", "--methods", "none,relabel",
        "--seeds", "1", "--epochs", "2", "--size", "32", "--train", "16", "--test", "8", "--widths", "8,16", "--batch", "4", "--samples", "2",
        "--relabel-at", "1", "--out", outDir];

    [Fact]
    public void A_tiny_experiment_writes_every_file_skips_finished_cells_and_reports_the_results()
    {
        using var d = new TempDir();
        var r = CliRunner.Run(Tiny(d["exp"]));
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string file in new[] { "experiment.json", "results.json", "results.md", "report.html" }) Assert.True(File.Exists(d[$"exp/{file}"]), file);
        string[] runs = ["synth-derm-clean-s1", "synth-derm-poly3-none-s1", "synth-derm-poly3-relabel-s1"];
        Assert.Equal(runs, Directory.GetDirectories(d["exp/runs"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string run in runs)
            foreach (string file in new[] { "cell.json", "metrics.csv", "model.pt" }) Assert.True(File.Exists(d[$"exp/runs/{run}/{file}"]), $"{run}/{file}");
        Assert.True(File.Exists(d["exp/runs/synth-derm-poly3-relabel-s1/cross-fit.csv"]));

        // Second invocation: every cell is finished, so no run folder file is written again.
        var stamps = Directory.GetFiles(d["exp/runs"], "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var again = CliRunner.Run(Tiny(d["exp"]));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(3, again.Err.Split('\n').Count(l => l.EndsWith("finished, skipped")));
        Assert.Equal(stamps, Directory.GetFiles(d["exp/runs"], "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));

        // The report and results.md show the entries of results.json.
        using var json = JsonDocument.Parse(File.ReadAllText(d["exp/results.json"]));
        var table = json.RootElement.GetProperty("tables")[0];
        Assert.Equal("poly3", table.GetProperty("noises")[0].GetString());
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["clean", "none", "relabel"], rows.Select(row => row.GetProperty("method").GetString()));
        string html = File.ReadAllText(d["exp/report.html"]), md = File.ReadAllText(d["exp/results.md"]);
        foreach (var row in rows)
        {
            var dClean = row.GetProperty("entries")[0].GetProperty("d_clean");
            string cell = TableText.Cell(new Spread(dClean.GetProperty("mean").GetDouble(), dClean.GetProperty("min").GetDouble(), dClean.GetProperty("max").GetDouble(), 1));
            Assert.Contains($"<th>{row.GetProperty("label").GetString()}</th><td>{cell} / ", html);
            Assert.Contains($"| {row.GetProperty("label").GetString()} | {cell} / ", md);
        }
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=\"http", html);
    }

    [Theory]
    [InlineData("--noise", "clean,poly99x")]
    [InlineData("--methods", "none,bogus")]
    [InlineData("--methods", "none,reweight")]
    [InlineData("--seeds", "one")]
    public void Bad_arguments_give_a_one_line_error_before_any_work(string option, string value)
    {
        using var d = new TempDir();
        var args = Tiny(d["exp"]).ToList();
        int at = args.IndexOf(option);
        args[at + 1] = value;
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(d["exp"]));
    }

    [Fact]
    public void An_output_folder_of_a_different_experiment_is_refused_before_any_work()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["exp"]);
        File.WriteAllText(d["exp/experiment.json"], "{\"datasets\": [\"synth-ct\"]}\n");
        var r = CliRunner.Run(Tiny(d["exp"]));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("different experiment", r.Err);
        Assert.Equal(["experiment.json"], Directory.GetFileSystemEntries(d["exp"]).Select(Path.GetFileName));
    }
}
