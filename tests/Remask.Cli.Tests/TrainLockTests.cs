using Remask.Core;
using Remask.Torch.Training;
using static Remask.Cli.Tests.TrainPredictCommandTests;

namespace Remask.Cli.Tests;

/// <summary>
/// Two runs on one folder (docs/reliability.md): while one process holds RUN/.remask.lock, a second remask train --out RUN
/// or --resume RUN is refused with one line and writes nothing; the lock goes with its process, also on kill -9. The
/// other process is util-linux's flock(1), which takes the lock as .NET's FileShare.None does on Linux (flock LOCK_EX).
/// </summary>
public class TrainLockTests
{
    [LinuxFact]
    public void A_second_train_on_a_folder_that_another_process_holds_is_refused_and_writes_nothing()
    {
        using var d = Dataset();
        var first = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Snapshot(d["run"]);

        var holder = HoldInAnotherProcess(d["run"]);
        try
        {
            var resume = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
            Assert.True(resume.ExitCode == 1, resume.ToString());
            Assert.Equal($"error: {d["run"]}: another remask is running in this folder (it holds .remask.lock); wait for it to finish", resume.Err.Trim());
            var overwrite = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], "--overwrite", .. Tiny]);
            Assert.True(overwrite.ExitCode == 1, overwrite.ToString());
            Assert.Equal(before, Snapshot(d["run"]));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);   // flock and the sleep that inherited its lock
            holder.WaitForExit();
        }
        var after = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
        Assert.True(after.ExitCode == 0, after.ToString());
    }

    [LinuxFact]
    public void The_lock_of_a_run_killed_with_sigkill_is_released()
    {
        using var d = Dataset();
        var (p, _) = CliRunner.Start(["train", "--data", d["data"], "--out", d["run"], "--epochs", "1000", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"]);
        using var process = p;
        // the first checkpoint shows the run is under way; the lock was taken before it
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(d["run/checkpoint/state.json"]) && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "training ended before it could be killed");
        Assert.Throws<RemaskDataException>(() => RunLock.Acquire(d["run"]).Dispose());
        p.Kill();   // SIGKILL on Linux: no handler runs
        p.WaitForExit();
        using (RunLock.Acquire(d["run"])) { }
        var resumed = CliRunner.Run("train", "--resume", d["run"], "--epochs", "1");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
    }

    [Fact]
    public void A_folder_a_run_cannot_use_is_refused_before_the_lock_file_is_made()
    {
        using var d = Dataset();
        Directory.CreateDirectory(d["photos"]);
        File.WriteAllText(d["photos/holiday.jpg"], "x");
        var r = CliRunner.Run(["train", "--data", d["data"], "--out", d["photos"], "--overwrite", .. Tiny]);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(["holiday.jpg"], Directory.GetFileSystemEntries(d["photos"]).Select(Path.GetFileName));
    }

    [Fact]
    public void The_lock_is_reentrant_within_one_process_and_released_with_its_last_holder()
    {
        using var d = new TempDir();
        var outer = RunLock.Acquire(d["run"]);
        using (RunLock.Acquire(d["run"])) Assert.True(File.Exists(d["run/.remask.lock"]));
        outer.Dispose();
        using var stream = new FileStream(d["run/.remask.lock"], FileMode.Open, FileAccess.ReadWrite, FileShare.None);   // free again
    }

    /// <summary>Another process holding RUN/.remask.lock as .NET's FileShare.None does on Linux (flock LOCK_EX, util-linux's
    /// flock(1)), confirmed holding before this returns.</summary>
    private static System.Diagnostics.Process HoldInAnotherProcess(string run)
    {
        var holder = System.Diagnostics.Process.Start("flock", ["--exclusive", Path.Combine(run, RunLock.FileName), "sleep", "600"]);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!holder.HasExited && DateTime.UtcNow < deadline)
        {
            try { RunLock.Acquire(run).Dispose(); }
            catch (RemaskDataException) { return holder; }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"flock did not take {run}/{RunLock.FileName}");
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !RunLock.IsLockFile(f)).ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
