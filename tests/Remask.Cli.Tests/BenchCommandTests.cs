using System.Diagnostics;
using System.Text.Json;

namespace Remask.Cli.Tests;

/// <summary><c>remask bench</c>: the structure of bench.json and the table, never the speeds (the machine is shared).</summary>
public class BenchCommandTests
{
    [Fact]
    public void A_quick_bench_prints_the_table_and_writes_every_number_with_its_unit_and_repetitions()
    {
        using var d = new TempDir();
        var r = CliRunner.Run("bench", "--quick", "--out", d["bench"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["bench.json"], Directory.GetFiles(d["bench"]).Select(Path.GetFileName));

        using var json = JsonDocument.Parse(File.ReadAllText(d["bench/bench.json"]));
        var root = json.RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());
        var machine = root.GetProperty("machine");
        Assert.True(machine.GetProperty("cores").GetInt32() >= 1);
        Assert.True(machine.GetProperty("torch_threads").GetInt32() >= 1);
        if (OperatingSystem.IsLinux())
            foreach (string when in new[] { "load_average_start", "load_average_end" })
                Assert.All(machine.GetProperty(when).EnumerateArray(), l => Assert.True(l.GetDouble() >= 0 && double.IsFinite(l.GetDouble())));

        var measurements = root.GetProperty("measurements").EnumerateArray().ToList();
        var groups = measurements.GroupBy(m => m.GetProperty("group").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["noise"] = 3, ["relabel"] = 2, ["training"] = 2, ["inference"] = 1, ["uncertainty"] = 2 }, groups);
        foreach (var m in measurements)
        {
            string unit = m.GetProperty("unit").GetString()!;
            Assert.Contains(unit, new[] { "images/s", "ms per mask" });
            // --quick: 3 repetitions of the network measurements, 2 x 3 of the per-mask ones.
            Assert.Equal(unit == "images/s" ? 3 : 6, m.GetProperty("repetitions").GetInt32());
            double median = Positive(m, "median"), min = Positive(m, "min"), max = Positive(m, "max");
            Assert.InRange(median, min, max);
            foreach (string k in new[] { "ms_per_call_median", "ms_per_call_min", "ms_per_call_max", "items_per_call" }) Positive(m, k);
            // Every measurement is a table row.
            Assert.Contains($"| {m.GetProperty("name").GetString()} |", r.Out);
        }
        Assert.Contains(measurements, m => m.GetProperty("name").GetString()!.StartsWith("MC dropout x8"));
        Assert.Contains(measurements, m => m.GetProperty("name").GetString()!.StartsWith("TTA x8"));
        Assert.Equal(2, root.GetProperty("memory").GetArrayLength());
        if (OperatingSystem.IsLinux())
            foreach (var mem in root.GetProperty("memory").EnumerateArray())
            {
                Assert.Equal("MiB", mem.GetProperty("unit").GetString());
                Positive(mem, "value");
            }
        Positive(root, "wall_seconds");
        Assert.Contains("load average", r.Out);
        Assert.Contains("machine: ", r.Out);
    }

    private static double Positive(JsonElement e, string property)
    {
        double v = e.GetProperty(property).GetDouble();
        Assert.True(double.IsFinite(v) && v > 0, $"{property} = {v}");
        return v;
    }

    [Fact]
    public void Bad_repetitions_are_a_one_line_usage_error_and_write_nothing()
    {
        using var d = new TempDir();
        var r = CliRunner.Run("bench", "--quick", "--reps", "0", "--out", d["bench"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(d["bench"]));
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void An_output_folder_holding_other_files_is_refused_before_any_work()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["bench"]);
        File.WriteAllText(d["bench/notes.txt"], "mine");
        var r = CliRunner.Run("bench", "--quick", "--out", d["bench"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains("--overwrite", r.Err);
        Assert.Equal(["notes.txt"], Directory.GetFiles(d["bench"]).Select(Path.GetFileName));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_and_left_alone()
    {
        using var d = new TempDir();
        File.WriteAllText(d["bench"], "mine");
        var r = CliRunner.Run("bench", "--quick", "--out", d["bench"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Equal("mine", File.ReadAllText(d["bench"]));
    }

    [SigintFact]
    public void Ctrl_C_stops_the_bench_with_exit_code_130_and_writes_nothing()
    {
        using var d = new TempDir();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "remask.dll"), "bench", "--reps", "10000", "--out", d["bench"] })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        // The first line on standard error comes once the verb runs (the Ctrl-C handler is in place by then).
        string? first = p.StandardError.ReadLine();
        Assert.StartsWith("remask bench:", first);
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()])) kill.WaitForExit();
        string rest = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "the bench did not stop");
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {rest}");
        Assert.Contains("interrupted", rest);
        Assert.False(Directory.Exists(d["bench"]));
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }
}
