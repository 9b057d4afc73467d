using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests.RealData;

/// <summary><c>train --holdout SHARE</c>: a test split cut from the labelled training data, recorded in run.json.</summary>
public class HoldoutTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets");

    private static void Pair(TempDir d, string name)
    {
        Directory.CreateDirectory(d["data/images"]);
        Directory.CreateDirectory(d["data/masks"]);
        var img = new ushort[16 * 16];
        var m = new ushort[16 * 16];
        for (int p = 0; p < img.Length; p++)
        {
            bool fg = p % 16 is >= 4 and < 12 && p / 16 is >= 4 and < 12;
            m[p] = fg ? (ushort)255 : (ushort)0;
            img[p] = fg ? (ushort)200 : (ushort)30;
        }
        PngWriter.Write(d[$"data/images/{name}.png"], new Raster(16, 16, 1, 8, img));
        PngWriter.Write(d[$"data/masks/{name}.png"], new Raster(16, 16, 1, 8, m));
    }

    private static string[] HeldOut(string run)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json")));
        return json.RootElement.GetProperty("data").GetProperty("holdout_groups").GetString()!.Split('\n');
    }

    [Fact]
    public void Holdout_scores_the_held_out_images_and_resume_keeps_the_recorded_split()
    {
        using var d = new TempDir();
        for (int i = 0; i < 4; i++) Pair(d, $"t{i}");
        var r = CliRunner.Run(["train", "--data", d["data"], "--holdout", "0.5", "--out", d["run"], .. Tiny]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("D_clean", r.Out);
        var held = HeldOut(d["run"]);
        Assert.Equal(2, held.Length);

        // predict and evaluate only the held-out images
        var p = CliRunner.Run("predict", "--model", d["run"], "--data", d["data"], "--split", "holdout", "--out", d["pred"]);
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Equal(held.Select(n => n + ".png"), Directory.GetFiles(d["pred/masks"], "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var e = CliRunner.Run("evaluate", "--pred", d["pred/masks"], "--ref", d["data/masks"], "--holdout", d["run"], "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        using (var json = JsonDocument.Parse(e.Out))
            Assert.Equal(2, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(1, CliRunner.Run("evaluate", "--pred", d["pred/masks"], "--ref", d["data/masks"]).ExitCode);   // the others have no prediction

        // Two more images: a fresh choice would hold out 3 of 6; the resumed run keeps the recorded 2.
        Pair(d, "t4");
        Pair(d, "t5");
        var more = CliRunner.Run("train", "--resume", d["run"], "--epochs", "2");
        Assert.True(more.ExitCode == 0, more.ToString());
        Assert.Equal(held, HeldOut(d["run"]));
    }

    [Fact]
    public void Decathlon_is_held_out_by_volume()
    {
        using var d = new TempDir();
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = d["cache"] };
        var r = CliRunner.RunWith(env, ["train", "--data", Path.Combine(Fixtures, "Task03_Liver"), "--holdout", "0.5", "--out", d["run"], .. Tiny]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var held = Assert.Single(HeldOut(d["run"]));
        Assert.Matches("^liver_[01]$", held);
    }

    [Fact]
    public void Holdout_with_test_is_a_usage_error()
    {
        using var d = new TempDir();
        Pair(d, "a");
        var r = CliRunner.Run(["train", "--data", d["data"], "--holdout", "0.5", "--test", d["data"], "--out", d["run"], .. Tiny]);
        Assert.Equal(2, r.ExitCode);
    }
}
