using System.Text.Json;
using Remask.Core.Experiments;
using Remask.Reports.Experiments;

namespace Remask.Cli.Tests;

/// <summary><c>remask experiment</c> as a user runs it (tiny synthetic data, a narrow network, one seed).</summary>
public class ExperimentCommandTests
{
    /// <summary>The tiny experiment's arguments (also rendered in a browser: Browser/ReportInBrowserTests).</summary>
    internal static string[] Tiny(string outDir) => ["experiment", "--dataset", "synth-derm", "--noise", "clean,poly3", "--methods", "none,relabel",
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
        Assert.True(File.Exists(d["exp/runs/synth-derm-poly3-none-s1/uncertainty/summary.json"]), "the uncorrected model's maps are scored as error detectors");

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
        var auroc = rows[1].GetProperty("entries")[0].GetProperty("auroc");
        Assert.InRange(auroc.GetProperty("aleatoric").GetDouble(), 0, 1);
        Assert.Empty(rows[2].GetProperty("entries")[0].GetProperty("auroc").EnumerateObject());
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

    [SigintFact]
    public async Task An_interrupted_cell_resumes_on_the_second_invocation()
    {
        using var d = new TempDir();
        string[] args = ["experiment", "--dataset", "synth-ct", "--noise", "clean", "--methods", "none", "--seeds", "1", "--epochs", "60",
            "--size", "16", "--train", "8", "--test", "4", "--widths", "8,16", "--batch", "4", "--out", d["exp"]];
        var (p, stderr) = CliRunner.Start(args);
        using var process = p;
        string run = d["exp/runs/synth-ct-clean-s1"];
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Path.Combine(run, "checkpoint", "state.json")) && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "the cell ended before it could be interrupted");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await p.WaitForExitAsync(timeout.Token);
        string err = await stderr;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        Assert.False(File.Exists(Path.Combine(run, "cell.json")));
        int done = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1;
        Assert.InRange(done, 1, 59);

        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"epoch {done + 1}/60", r.Err);
        Assert.DoesNotContain("epoch 1/60 ", r.Err);
        Assert.Equal(61, File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length);
        Assert.True(File.Exists(Path.Combine(run, "cell.json")));
    }

    [Fact]
    public void A_hard_dataset_is_a_dataset_of_its_own_in_the_data_the_keys_and_the_tables()
    {
        using var d = new TempDir();
        var r = CliRunner.Run("experiment", "--dataset", "synth-ct-hard,synth-ct", "--noise", "clean", "--methods", "none", "--seeds", "1",
            "--epochs", "1", "--size", "32", "--train", "4", "--test", "2", "--widths", "8,16", "--batch", "4", "--out", d["exp"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(d["exp/data/synth-ct-hard/synth.json"]));
        Assert.Equal("hard", manifest.RootElement.GetProperty("Difficulty").GetString());
        Assert.DoesNotContain("Difficulty", File.ReadAllText(d["exp/data/synth-ct/synth.json"]));
        Assert.NotEqual(File.ReadAllBytes(d["exp/data/synth-ct/train/images/ct_000000.png"]),
            File.ReadAllBytes(d["exp/data/synth-ct-hard/train/images/ct_000000.png"]));
        Assert.True(File.Exists(d["exp/runs/synth-ct-hard-clean-s1/cell.json"]));
        Assert.True(File.Exists(d["exp/runs/synth-ct-clean-s1/cell.json"]));
        string results = File.ReadAllText(d["exp/results.md"]);
        Assert.Contains("synth-ct-hard", results);
        using var spec = JsonDocument.Parse(File.ReadAllText(d["exp/experiment.json"]));
        Assert.Equal(["synth-ct-hard", "synth-ct"], spec.RootElement.GetProperty("datasets").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("--noise", "clean,poly99x")]
    [InlineData("--methods", "none,bogus")]
    [InlineData("--methods", "none,reweight")]
    [InlineData("--seeds", "one")]
    [InlineData("--relabel-at", "soon")]
    [InlineData("--samples", "1")]
    [InlineData("--dataset", "synth-derm-extreme")]
    [InlineData("--dataset", "synth-mri")]
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
