using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests;

/// <summary>The train and predict verbs, run as a user runs them (tiny data and a narrow network).</summary>
public class TrainPredictCommandTests
{
    /// <summary>An image with a bright square on dark background and its mask; <paramref name="channels"/> 1 or 3.</summary>
    internal static void Pair(TempDir d, string split, string name, int size, int channels = 3, bool mask = true)
    {
        Directory.CreateDirectory(d[$"{split}/images"]);
        Directory.CreateDirectory(d[$"{split}/masks"]);
        var img = new ushort[size * size * channels];
        var m = new ushort[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                bool fg = x >= size / 4 && x < 3 * size / 4 && y >= size / 4 && y < 3 * size / 4;
                m[y * size + x] = fg ? (ushort)255 : (ushort)0;
                for (int c = 0; c < channels; c++) img[(y * size + x) * channels + c] = fg ? (ushort)200 : (ushort)30;
            }
        PngWriter.Write(d[$"{split}/images/{name}.png"], new Raster(size, size, channels, 8, img));
        if (mask) PngWriter.Write(d[$"{split}/masks/{name}.png"], new Raster(size, size, 1, 8, m));
    }

    internal static TempDir Dataset(int train = 4, int test = 2)
    {
        var d = new TempDir();
        for (int i = 0; i < train; i++) Pair(d, "data/train", $"t{i}", 20 + i);
        for (int i = 0; i < test; i++) Pair(d, "data/test", $"s{i}", 24);
        return d;
    }

    internal static readonly string[] Tiny = ["--epochs", "1", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];

    [SigintFact]
    public Task Ctrl_c_writes_a_checkpoint_exits_130_and_resume_finishes_the_run() => InterruptAndResume("-INT");

    /// <summary>SIGTERM (kill, docker stop, a batch system's time limit) stops the same way as Ctrl-C.</summary>
    [LinuxFact]
    public Task Sigterm_writes_a_checkpoint_exits_130_and_resume_finishes_the_run() => InterruptAndResume("-TERM");

    private static async Task InterruptAndResume(string signal)
    {
        using var d = Dataset();
        string[] args = ["train", "--data", d["data"], "--out", d["run"], "--epochs", "100", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];
        var (p, stderr) = CliRunner.Start(args);
        using var process = p;
        // Wait for the first epoch's checkpoint, then send the signal (SIGINT as a terminal's Ctrl-C does).
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(d["run/checkpoint/state.json"]) && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(p.HasExited, "training ended before it could be interrupted");
        using (var kill = System.Diagnostics.Process.Start("kill", [signal, p.Id.ToString()])) kill.WaitForExit();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await p.WaitForExitAsync(timeout.Token);
        string err = await stderr;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        Assert.Contains("interrupted", err);
        Assert.DoesNotContain("   at ", err);
        int done;
        using (var metrics = JsonDocument.Parse(File.ReadAllText(d["run/metrics.json"])))
            done = metrics.RootElement.GetArrayLength();
        Assert.InRange(done, 1, 99);

        var resumed = CliRunner.Run("train", "--resume", d["run"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        using (var metrics = JsonDocument.Parse(File.ReadAllText(d["run/metrics.json"])))
            Assert.Equal(100, metrics.RootElement.GetArrayLength());
    }

    [Fact]
    public void Trains_resumes_and_predicts_at_the_original_size()
    {
        using var d = Dataset();
        var r = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("epoch 1/1", r.Err);
        Assert.Contains("D_clean", r.Err);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(d["run/metrics.json"])))
            Assert.Equal(1, metrics.RootElement.GetArrayLength());

        var again = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--resume", again.Err);
        Assert.DoesNotContain("   at ", again.Err);

        var more = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
        Assert.True(more.ExitCode == 0, more.ToString());
        using (var metrics = JsonDocument.Parse(File.ReadAllText(d["run/metrics.json"])))
            Assert.Equal(2, metrics.RootElement.GetArrayLength());

        var p = CliRunner.Run("predict", "--model", d["run"], "--data", d["data/train/images"], "--out", d["pred"]);
        Assert.True(p.ExitCode == 0, p.ToString());
        var prob = ImageFiles.ReadRaster(d["pred/probabilities/t3.png"]);
        Assert.Equal((16, 23, 23), (prob.BitDepth, prob.Width, prob.Height));
        var mask = ImageFiles.ReadMask(d["pred/masks/t1.png"], ForegroundRule.AnyPositive);
        Assert.Equal((21, 21), (mask.Width, mask.Height));
    }

    [Fact]
    public void Mixed_channel_counts_and_missing_masks_are_one_line_errors()
    {
        using var d = Dataset();
        Pair(d, "data/train", "gray", 20, channels: 1);
        var r = CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: t0: training image has 3 channel(s), but the first training image 'gray' has 1", r.Err);
        Assert.DoesNotContain("   at ", r.Err);

        using var e = Dataset();
        Directory.CreateDirectory(e["noisy"]);
        File.Copy(e["data/train/masks/t0.png"], e["noisy/t0.png"]);
        var m = CliRunner.Run(["train", "--data", e["data"], "--masks", e["noisy"], "--out", e["run"], .. Tiny]);
        Assert.Equal(1, m.ExitCode);
        Assert.Contains("noisy: missing: 3 of 4 training images have no mask here (first: t1;", m.Err);
        Assert.False(Directory.Exists(e["run"]));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_a_one_line_error()
    {
        using var d = Dataset(train: 2, test: 0);
        Assert.Equal(0, CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]).ExitCode);
        File.WriteAllText(d["run/checkpoint/state.json"], "{ not json");
        var r = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("state.json: corrupt checkpoint", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
