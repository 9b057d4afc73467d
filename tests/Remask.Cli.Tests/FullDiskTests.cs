using Remask.Torch.Training;
using static Remask.Cli.Tests.TrainPredictCommandTests;

namespace Remask.Cli.Tests;

/// <summary>
/// A run whose disk fills up or turns read-only (docs/reliability.md): remask train stops with one line that names the run
/// folder, the checkpoint and every earlier output stay as they were, and the run resumes once there is room again. On a
/// real disk of its own (a small tmpfs); the same failure injected in-process is AtomicOutputTests.
/// </summary>
public class FullDiskTests
{
    [TmpfsFact]
    public void A_full_or_read_only_disk_stops_training_with_one_line_and_keeps_the_previous_outputs()
    {
        using var d = Dataset();
        using var disk = new Tmpfs(d["disk"], "8m");
        string run = Path.Combine(disk.Path, "run");
        var first = CliRunner.Run(["train", "--data", d["data"], "--out", run, .. Tiny]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Snapshot(run);

        string filler = Path.Combine(disk.Path, "filler");
        Assert.Throws<IOException>(() => File.WriteAllBytes(filler, new byte[16 << 20]));   // the disk is now full
        var full = CliRunner.Run("train", "--resume", run, "--epochs", "2");
        Assert.True(full.ExitCode == 1, full.ToString());
        string line = full.Err.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"error: {run}: cannot write ", line);
        Assert.Contains("No space left on device", line);
        Assert.EndsWith(" is kept", line);
        Assert.Equal(before, Snapshot(run));

        File.Delete(filler);
        disk.Remount(readOnly: true);
        try
        {
            var readOnly = CliRunner.Run("train", "--resume", run, "--epochs", "2");
            Assert.True(readOnly.ExitCode == 1, readOnly.ToString());
            Assert.StartsWith($"error: {run}: cannot write in this folder (", readOnly.Err.Trim());
            Assert.DoesNotContain('\n', readOnly.Err.Trim());
            Assert.Equal(before, Snapshot(run));
        }
        finally
        {
            disk.Remount(readOnly: false);
        }

        var resumed = CliRunner.Run("train", "--resume", run, "--epochs", "2");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(2, Checkpoint.ReadState(run).Rows.Count);
    }

    private static Dictionary<string, string> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !RunLock.IsLockFile(f))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
