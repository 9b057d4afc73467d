using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Remask.KillTesting;

namespace Remask.Cli.Tests;

/// <summary>
/// <c>mpirun.mpich -np N remask train</c> (docs/scale.md): tiny runs (16 images of 32 x 32, widths 8,16, one thread
/// per rank). The ranks' checksum is compared inside the run at every epoch's end; a difference fails it with exit 1.
/// </summary>
public class TrainMpiCommandTests
{
    private static readonly string Remask = Path.Combine(AppContext.BaseDirectory, "remask.dll");

    [MpiFact]
    public void Two_ranks_train_with_identical_weights_and_rank_0_writes_the_run()
    {
        using var d = new TempDir();
        string data = Synth(d);
        var r = Mpi(2, Train(data, d["run"], epochs: 2));
        Assert.True(r.ExitCode == 0, r.ToString());
        // one "trained" line (rank 0's), one metrics row per epoch, the world size recorded for --resume
        Assert.Single(r.Out.Split('\n'), l => l.StartsWith("trained 2 epoch(s)", StringComparison.Ordinal));
        Assert.Equal(3, File.ReadAllLines(d["run/metrics.csv"]).Length);
        using var info = JsonDocument.Parse(File.ReadAllText(d["run/run.json"]));
        Assert.Equal(2, info.RootElement.GetProperty("ranks").GetInt32());
        Assert.Contains("allreduce_seconds", File.ReadAllLines(d["run/metrics.csv"])[0]);
    }

    /// <summary>
    /// The same global batch (4) on 1 process and on 2 ranks (2 images each): the same initial weights, sample order and
    /// augmentations, and the gradient of the same mean loss; what differs is BatchNorm's batch statistics (over each
    /// rank's 2 images instead of 4) and the dropout masks (drawn per rank). Tolerance: each epoch's mean training loss
    /// within 10 % of the single process's (measured here: 3.2 %, 0.8 % and 0.01 % after epochs 1 to 3, docs/scale.md), and
    /// both curves descend.
    /// </summary>
    [MpiFact]
    public void A_two_rank_loss_curve_follows_the_single_process_curve_with_the_same_global_batch()
    {
        using var d = new TempDir();
        string data = Synth(d);
        var single = CliRunner.RunWith(OneThread, Train(data, d["one"], epochs: 3));
        Assert.True(single.ExitCode == 0, single.ToString());
        var two = Mpi(2, Train(data, d["two"], epochs: 3));
        Assert.True(two.ExitCode == 0, two.ToString());
        double[] a = Losses(d["one"]), b = Losses(d["two"]);
        Assert.Equal(3, b.Length);
        for (int e = 0; e < 3; e++)
            Assert.True(Math.Abs(a[e] - b[e]) <= 0.10 * a[e], $"epoch {e + 1}: 1 process {a[e]:F4}, 2 ranks {b[e]:F4}");
        Assert.True(b[2] < b[0] && a[2] < a[0], $"1 process {string.Join(", ", a)}; 2 ranks {string.Join(", ", b)}");
    }

    [MpiFact]
    public void A_two_rank_run_resumed_on_three_ranks_or_one_process_is_refused_in_one_line()
    {
        using var d = new TempDir();
        string data = Synth(d);
        Assert.Equal(0, Mpi(2, Train(data, d["run"], epochs: 1)).ExitCode);
        var three = Mpi(3, ["train", "--resume", d["run"], "--epochs", "2"]);
        Assert.Equal(2, three.ExitCode);
        var line = Assert.Single(three.Err.Split('\n'), l => l.Contains("error", StringComparison.Ordinal) && !l.StartsWith("Abort(", StringComparison.Ordinal));
        Assert.Contains("trained on 2 process(es) and this resume runs on 3; resume it with mpirun -np 2", line);
        var one = CliRunner.RunWith(OneThread, "train", "--resume", d["run"], "--epochs", "2");
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("resume it with mpirun -np 2", Assert.Single(one.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(d["run/metrics.csv"]) && File.ReadAllLines(d["run/metrics.csv"]).Length > 2, "the refused resumes trained");
    }

    [MpiFact]
    public void Relabeling_on_two_ranks_is_refused_in_one_line()
    {
        using var d = new TempDir();
        string data = Synth(d);
        var r = Mpi(2, [.. Train(data, d["run"], epochs: 1), "--method", "relabel"]);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n'), l => l.StartsWith("usage error:", StringComparison.Ordinal));
        Assert.Contains("--method relabel is not supported on 2 MPI ranks yet", line);
        Assert.False(Directory.Exists(d["run"]) && Directory.EnumerateFileSystemEntries(d["run"]).Any(), "the refused run wrote its folder");
    }

    /// <summary>SIGTERM to mpirun (which passes it to the ranks) after epoch 1 of 5: the ranks vote to stop after the
    /// same step, rank 0 writes the checkpoint, and --resume on 2 ranks ends with the uninterrupted run's weights, bit for bit.</summary>
    [MpiFact]
    public void An_interrupted_two_rank_run_resumes_to_the_uninterrupted_weights()
    {
        using var d = new TempDir();
        string data = Synth(d, train: 64);
        Assert.Equal(0, Mpi(2, Train(data, d["full"], epochs: 5)).ExitCode);

        var psi = MpiStart(2, Train(data, d["cut"], epochs: 5));
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(d["cut/metrics.csv"]) && !p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            // (messages that read err.Result only on failure: it waits for the process's end)
            if (p.HasExited) Assert.Fail("the run ended before it could be interrupted: " + err.Result);
            if (Kill(p.Id, 15) != 0) Assert.Fail($"kill -TERM: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
            Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err.Result}");
            Assert.Contains("Continue with: mpirun -np 2 remask train --resume", err.Result);
        }
        Assert.True(File.ReadAllLines(d["cut/metrics.csv"]).Length < 6, "the run was not interrupted");
        var resumed = Mpi(2, ["train", "--resume", d["cut"]]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Null(WeightFiles.Difference(d["full/model.pt"], d["cut/model.pt"]));
        Assert.Equal(Columns(d["full/metrics.csv"]), Columns(d["cut/metrics.csv"]));
    }

    /// <summary>kill -9 of rank 0 (the writer) in epoch 2 of 5: MPICH's launcher ends the other rank, and --resume on 2
    /// ranks continues from the last checkpoint to the uninterrupted run's weights, bit for bit.</summary>
    [MpiFact]
    public void A_two_rank_run_whose_rank_0_is_killed_resumes_to_the_uninterrupted_weights()
    {
        using var d = new TempDir();
        string data = Synth(d, train: 64);
        Assert.Equal(0, Mpi(2, Train(data, d["full"], epochs: 5)).ExitCode);

        using (var p = Process.Start(MpiStart(2, Train(data, d["killed"], epochs: 5)))!)
        {
            var err = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(d["killed/metrics.csv"]) && !p.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            int rank0 = RankProcess(d["killed"], rank: 0);
            if (p.HasExited || rank0 < 0) Assert.Fail("the run ended before it could be killed: " + err.Result);
            Assert.Equal(0, Kill(rank0, 9));
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
            Assert.True(p.ExitCode != 0, err.Result);
        }
        Assert.True(File.ReadAllLines(d["killed/metrics.csv"]).Length < 6, "the run was not killed");
        var resumed = Mpi(2, ["train", "--resume", d["killed"]]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Null(WeightFiles.Difference(d["full/model.pt"], d["killed/model.pt"]));
        Assert.Equal(Columns(d["full/metrics.csv"]), Columns(d["killed/metrics.csv"]));
    }

    /// <summary>The process id of the rank that trains <paramref name="run"/> with PMI_RANK = <paramref name="rank"/>, or -1.</summary>
    private static int RankProcess(string run, int rank)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "dotnet") continue;
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(run)) continue;
                if (File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"PMI_RANK={rank}")) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return -1;
    }

    /// <summary>Without an MPI launcher's variables, a training run loads neither Remask.Mpi nor MPI.NET (the startup
    /// hook <see cref="StartupHook"/> lists the assemblies the process loaded).</summary>
    [LinuxFact]
    public void Without_mpirun_training_never_loads_the_MPI_assemblies()
    {
        using var d = new TempDir();
        string data = Synth(d);
        var env = new Dictionary<string, string>(OneThread)
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            ["REMASK_TEST_ASSEMBLY_LOG"] = d["assemblies.txt"],
        };
        var r = CliRunner.RunWith(env, Train(data, d["run"], epochs: 1));
        Assert.True(r.ExitCode == 0, r.ToString());
        var loaded = File.ReadAllLines(d["assemblies.txt"]);
        Assert.Contains("TorchSharp", loaded);   // the hook saw the training
        Assert.DoesNotContain("Remask.Mpi", loaded);
        Assert.DoesNotContain("MPI", loaded);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Open MPI's launcher (its variable) is refused in one line before MPI is touched: its ABI is not MPICH's.</summary>
    [LinuxFact]
    public void Under_Open_MPIs_launcher_train_is_refused_in_one_line()
    {
        using var d = new TempDir();
        var env = new Dictionary<string, string>(OneThread) { ["OMPI_COMM_WORLD_SIZE"] = "2" };
        var r = CliRunner.RunWith(env, Train(d["data"], d["run"], epochs: 1));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("started by Open MPI's mpirun", Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>An MPI launcher's variables without a loadable MPI library: one line naming what was tried.</summary>
    [LinuxFact]
    public void With_a_launchers_variables_but_no_MPI_library_train_stops_in_one_line()
    {
        using var d = new TempDir();
        string data = Synth(d);
        var env = new Dictionary<string, string>(OneThread) { ["PMI_RANK"] = "0", ["PMI_SIZE"] = "1", ["REMASK_MPI_LIBRARY"] = "libremask-no-such-mpi.so.12" };
        var r = CliRunner.RunWith(env, Train(data, d["run"], epochs: 1));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("REMASK_MPI_LIBRARY=libremask-no-such-mpi.so.12 cannot be loaded", Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(Directory.Exists(d["run"]));
    }

    /// <summary>Under a launcher of several ranks, other verbs are refused (they would run N times over the same
    /// outputs): rank 0 prints one line, every rank exits with 2.</summary>
    [LinuxFact]
    public void Other_verbs_on_several_ranks_are_refused_and_only_rank_0_says_so()
    {
        using var d = new TempDir();
        string[] synth = ["synth", "--kind", "derm", "--train", "2", "--test", "0", "--size", "32", "--out", d["data"]];
        var rank0 = CliRunner.RunWith(new Dictionary<string, string> { ["PMI_SIZE"] = "2", ["PMI_RANK"] = "0" }, synth);
        Assert.Equal(2, rank0.ExitCode);
        Assert.Contains("'remask synth' does not run on 2 MPI ranks", Assert.Single(rank0.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var rank1 = CliRunner.RunWith(new Dictionary<string, string> { ["PMI_SIZE"] = "2", ["PMI_RANK"] = "1" }, synth);
        Assert.Equal(2, rank1.ExitCode);
        Assert.Equal("", rank1.Err);
        Assert.False(Directory.Exists(d["data"]));
    }

    private static readonly Dictionary<string, string> OneThread = new() { ["OMP_NUM_THREADS"] = "1" };

    private static string Synth(TempDir d, int train = 16)
    {
        var r = CliRunner.Run("synth", "--kind", "derm", "--train", train.ToString(CultureInfo.InvariantCulture), "--test", "4", "--size", "32", "--seed", "2021", "--out", d["data"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return d["data"];
    }

    private static string[] Train(string data, string run, int epochs) =>
        ["train", "--data", data, "--out", run, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--size", "32", "--batch", "4", "--widths", "8,16", "--seed", "3"];

    private static double[] Losses(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>metrics.csv without the timings (seconds, images per second, the exchange's seconds).</summary>
    private static string[] Columns(string csv) =>
        File.ReadAllLines(csv).Select(l => string.Join(',', l.Split(',').Take(4).Append(l.Split(',')[6]))).ToArray();

    private static ProcessStartInfo MpiStart(int ranks, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(MpiFactAttribute.Launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["-np", ranks.ToString(CultureInfo.InvariantCulture), "dotnet", Remask, .. args]) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }

    private static CliRunner.Result Mpi(int ranks, IEnumerable<string> args)
    {
        using var p = Process.Start(MpiStart(ranks, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("mpirun did not finish in 5 minutes");
        }
        return new CliRunner.Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
