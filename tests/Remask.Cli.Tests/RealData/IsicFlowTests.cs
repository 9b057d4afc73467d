using System.Text.Json;

namespace Remask.Cli.Tests.RealData;

/// <summary>
/// ISIC 2017 as downloaded (PIL-written fixture: ISIC_N.jpg, ISIC_N_segmentation.png, ISIC_N_superpixels.png
/// distractors) through corrupt → train --masks → predict → evaluate, as issue 10 ran it.
/// </summary>
public class IsicFlowTests
{
    private static readonly string Isic = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "ISIC2017");

    private static readonly string[] Tiny = ["--epochs", "1", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];

    [Fact]
    public void Isic_named_masks_pair_in_every_verb()
    {
        using var d = new TempDir();
        var c = CliRunner.Run("corrupt", Path.Combine(Isic, "ISIC-2017_Training_Part1_GroundTruth"), "--noise", "dilate", "--out", d["noisy"]);
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.True(File.Exists(d["noisy/ISIC_0000000_segmentation.png"]));

        var t = CliRunner.Run(["train", "--data", Isic, "--masks", d["noisy"], "--out", d["run"], .. Tiny]);
        Assert.True(t.ExitCode == 0, t.ToString());

        var p = CliRunner.Run("predict", "--model", d["run"], "--data", Path.Combine(Isic, "ISIC-2017_Training_Data"), "--out", d["pred"]);
        Assert.True(p.ExitCode == 0, p.ToString());
        Assert.Equal(new[] { "ISIC_0000000.png", "ISIC_0000001.png" },
            Directory.GetFiles(d["pred/masks"], "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var e = CliRunner.Run("evaluate", "--pred", d["pred/masks"], "--ref", Path.Combine(Isic, "ISIC-2017_Training_Part1_GroundTruth"), "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        using var json = JsonDocument.Parse(e.Out);
        Assert.Equal(2, json.RootElement.GetProperty("count").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public void Default_relabeling_repairs_isic_named_masks_under_their_own_names_and_leaves_the_inputs_alone()
    {
        using var d = new TempDir();
        var c = CliRunner.Run("corrupt", Path.Combine(Isic, "ISIC-2017_Training_Part1_GroundTruth"), "--noise", "erode", "--out", d["noisy"]);
        Assert.True(c.ExitCode == 0, c.ToString());
        var before = Directory.GetFiles(d["noisy"]).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        // The defaults: cross-fitted (2 folds, one image each here), settle gate and veto.
        var t = CliRunner.Run(["train", "--data", Isic, "--masks", d["noisy"], "--out", d["run"], .. Tiny, "--epochs", "2",
            "--method", "relabel", "--samples", "2"]);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Equal(3, File.ReadAllLines(d["run/cross-fit.csv"]).Length);
        Assert.Equal(new[] { "ISIC_0000000_segmentation.png", "ISIC_0000001_segmentation.png" },
            Directory.GetFiles(d["run/relabeled"], "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(d["noisy"], name)));
    }
}
