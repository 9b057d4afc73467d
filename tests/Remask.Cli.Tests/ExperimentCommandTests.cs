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
    public void With_jobs_cells_train_at_the_same_time_in_processes_of_their_own_to_the_same_weights()
    {
        using var d = new TempDir();
        var one = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" };
        var sequential = CliRunner.RunWith(one, [.. Tiny(d["seq"]), "--jobs", "1"]);
        Assert.True(sequential.ExitCode == 0, sequential.ToString());
        // two lanes on any machine get one libtorch thread each here, as the sequential run had
        var parallel = CliRunner.RunWith(one, [.. Tiny(d["par"]), "--jobs", "2"]);
        Assert.True(parallel.ExitCode == 0, parallel.ToString());
        Assert.Contains("3 cells, 2 at a time, 1 libtorch thread(s) each", parallel.Err);
        Assert.Contains("synth-derm-poly3-none-s1: epoch 2/2", parallel.Err); // the processes' progress is passed on

        string[] runs = ["synth-derm-clean-s1", "synth-derm-poly3-none-s1", "synth-derm-poly3-relabel-s1"];
        foreach (string run in runs)
        {
            // the same training: every epoch's loss and Dice (seconds and paths differ) and every tensor of the model
            Assert.Equal(Columns(d[$"seq/runs/{run}/metrics.csv"]), Columns(d[$"par/runs/{run}/metrics.csv"]));
            using var a = System.IO.Compression.ZipFile.OpenRead(d[$"seq/runs/{run}/model.pt"]);
            using var b = System.IO.Compression.ZipFile.OpenRead(d[$"par/runs/{run}/model.pt"]);
            Assert.Equal(a.Entries.Select(Bytes), b.Entries.Select(Bytes));
        }
        Assert.Equal(Md(d["seq/results.md"]), Md(d["par/results.md"]));

        // the first two cells ran at once: each started (run.json) before the other finished (cell.json)
        DateTime Start(string run) => File.GetLastWriteTimeUtc(d[$"par/runs/{run}/run.json"]);
        DateTime End(string run) => File.GetLastWriteTimeUtc(d[$"par/runs/{run}/cell.json"]);
        Assert.True(Start(runs[1]) < End(runs[0]) && Start(runs[0]) < End(runs[1]),
            $"{runs[0]} {Start(runs[0]):O}..{End(runs[0]):O}, {runs[1]} {Start(runs[1]):O}..{End(runs[1]):O}");

        static string[] Columns(string csv) => File.ReadAllLines(csv).Select(l => string.Join(',', l.Split(',').Take(4))).ToArray();
        static byte[] Bytes(System.IO.Compression.ZipArchiveEntry e)
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        // results.md without its first lines (the command) and the seconds
        static string[] Md(string path) => File.ReadAllLines(path).Where(l => l.StartsWith('|')).ToArray();
    }

    [Fact]
    public void Every_relabeling_and_dataset_option_reaches_the_cells_and_experiment_json()
    {
        using var d = new TempDir();
        string[] args = ["experiment", "--dataset", "synth-derm", "--noise", "poly3", "--methods", "relabel", "--seeds", "1", "--epochs", "1",
            "--size", "32", "--train", "8", "--test", "4", "--widths", "8,16", "--batch", "4", "--samples", "2", "--relabel-at", "1", "--out", d["exp"]];
        var r = CliRunner.Run([.. args, "--add-objects", "--snap", "off", "--floor-radius", "6"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using (var run = JsonDocument.Parse(File.ReadAllText(d["exp/runs/synth-derm-poly3-relabel-s1/run.json"])))
        {
            string text = run.RootElement.ToString();
            Assert.Contains("\"add_objects\":true", text.Replace(" ", ""));
            Assert.Contains("\"snap_radius\":null", text.Replace(" ", ""));
            Assert.Contains("\"floor_radius\":6", text.Replace(" ", ""));
        }
        using (var spec = JsonDocument.Parse(File.ReadAllText(d["exp/experiment.json"])))
            Assert.Equal(["add-objects", "floor-radius", "snap"], spec.RootElement.GetProperty("options").EnumerateObject().Select(o => o.Name));

        // the same folder with another value of one of them is another experiment
        var other = CliRunner.Run([.. args, "--add-objects", "--snap", "3", "--floor-radius", "6"]);
        Assert.True(other.ExitCode == 1, other.ToString());
        Assert.Contains("different experiment", other.Err);
    }

    [Fact]
    public void With_jobs_a_failing_cell_stops_new_cells_and_gives_its_error_and_exit_code()
    {
        using var d = new TempDir();
        string[] args = ["experiment", "--dataset", "synth-ct", "--noise", "clean", "--methods", "none", "--seeds", "1,2,3", "--epochs", "1",
            "--size", "16", "--train", "8", "--test", "4", "--widths", "8,16", "--batch", "4", "--out", d["exp"]];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        // seed 2's run folder is damaged and unfinished; seed 3's is unfinished (it resumes)
        File.Delete(d["exp/runs/synth-ct-clean-s2/cell.json"]);
        File.WriteAllText(d["exp/runs/synth-ct-clean-s2/run.json"], "{ not json");
        File.Delete(d["exp/runs/synth-ct-clean-s3/cell.json"]);
        File.Delete(d["exp/results.json"]);

        var r = CliRunner.Run([.. args, "--jobs", "2"]);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("synth-ct-clean-s2/run.json", r.Err);
        Assert.Contains("synth-ct-clean-s2: failed (exit 1)", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(File.Exists(d["exp/results.json"]), "no tables from an experiment with a failed cell");
    }

    [SigintFact]
    public async Task With_jobs_ctrl_c_stops_every_running_cell_at_a_checkpoint_and_the_same_command_continues()
    {
        using var d = new TempDir();
        string[] args = ["experiment", "--dataset", "synth-ct", "--noise", "clean", "--methods", "none", "--seeds", "1,2", "--epochs", "60",
            "--size", "16", "--train", "8", "--test", "4", "--widths", "8,16", "--batch", "4", "--jobs", "2", "--out", d["exp"]];
        var (p, stderr) = CliRunner.Start(args);
        using var process = p;
        string[] runs = [d["exp/runs/synth-ct-clean-s1"], d["exp/runs/synth-ct-clean-s2"]];
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!runs.All(r => File.Exists(Path.Combine(r, "checkpoint", "state.json"))) && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "the cells ended before they could be interrupted");
        // SIGINT to remask experiment alone (not its process group): it stops its cells' processes itself
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await p.WaitForExitAsync(timeout.Token);
        string err = await stderr;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        var done = new List<int>();
        foreach (string run in runs)
        {
            Assert.False(File.Exists(Path.Combine(run, "cell.json")), run);
            done.Add(File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1);
            Assert.InRange(done[^1], 1, 59);
        }

        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        for (int i = 0; i < runs.Length; i++)
        {
            Assert.Contains($"synth-ct-clean-s{i + 1}: epoch {done[i] + 1}/60", r.Err);
            Assert.Equal(61, File.ReadAllLines(Path.Combine(runs[i], "metrics.csv")).Length);
        }
        Assert.True(File.Exists(d["exp/results.json"]));
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
    [InlineData("--jobs", "0")]
    [InlineData("--cell", "synth-derm-poly3-bogus-s1")]
    public void Bad_arguments_give_a_one_line_error_before_any_work(string option, string value)
    {
        using var d = new TempDir();
        var args = Tiny(d["exp"]).ToList();
        int at = args.IndexOf(option);
        if (at < 0) args.AddRange([option, value]);
        else args[at + 1] = value;
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
