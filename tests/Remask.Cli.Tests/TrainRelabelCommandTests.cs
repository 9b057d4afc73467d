using System.Security.Cryptography;
using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Cli.Tests;

/// <summary><c>remask train --method relabel</c> as a user runs it (tiny data and a narrow network).</summary>
public class TrainRelabelCommandTests
{
    /// <summary>A dataset (clean masks) and noisy training masks: the squares eroded by 2 pixels.</summary>
    internal static TempDir WithNoisyMasks()
    {
        var d = TrainPredictCommandTests.Dataset();
        Directory.CreateDirectory(d["noisy"]);
        foreach (string file in Directory.GetFiles(d["data/train/masks"]))
        {
            var clean = ImageFiles.ReadMask(file, ForegroundRule.AnyPositive);
            PngWriter.WriteMask(Path.Combine(d["noisy"], Path.GetFileName(file)), DiskMorphology.Erode(clean, 2));
        }
        return d;
    }

    private static string Hash(string dir) => Convert.ToHexString(SHA256.HashData(
        Directory.GetFiles(dir).Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray()));

    [Fact]
    public void Relabel_run_writes_repaired_masks_under_the_input_names_and_never_touches_the_inputs()
    {
        using var d = WithNoisyMasks();
        string before = Hash(d["noisy"]) + Hash(d["data/train/masks"]);
        string[] args = ["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], "--epochs", "2", "--size", "16", "--batch", "2",
            "--widths", "8,16", "--seed", "3", "--method", "relabel", "--relabel-at", "1", "--rounds", "1", "--samples", "2", "--no-guard", "--cross-fit", "0", "--floor", "off", "--snap", "off", "--appearance", "off"];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(before, Hash(d["noisy"]) + Hash(d["data/train/masks"]));
        Assert.Equal(Directory.GetFiles(d["noisy"]).Select(Path.GetFileName).Order(), Directory.GetFiles(d["run/relabeled"], "*.png").Select(Path.GetFileName).Order());
        Assert.True(File.Exists(d["run/relabeled/remask-masks.json"]), "the repaired folder carries Remask's note, so --foreground cannot misread it");
        foreach (string file in Directory.GetFiles(d["run/relabeled"], "*.png"))
        {
            var repaired = ImageFiles.ReadMask(file, ForegroundRule.AnyPositive);
            var noisy = ImageFiles.ReadMask(Path.Combine(d["noisy"], Path.GetFileName(file)), ForegroundRule.AnyPositive);
            Assert.Equal((noisy.Width, noisy.Height), (repaired.Width, repaired.Height));
        }
        string[] metrics = File.ReadAllLines(d["run/metrics.csv"]);
        var header = metrics[0].Split(',');
        int round = Array.IndexOf(header, "relabel_round"), dice = Array.IndexOf(header, "masks_dice_before");
        Assert.True(round > 0 && dice > 0, metrics[0]);
        Assert.Equal("1", metrics[1].Split(',')[round]);
        Assert.Equal("", metrics[2].Split(',')[round]);
        Assert.True(File.Exists(d["run/label-quality.csv"]));
        Assert.Equal(5, File.ReadAllLines(d["run/label-quality.csv"]).Length);
        Assert.True(File.Exists(d["run/uncertainty-curve.csv"]));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Relabel(d["run"]).GetProperty("max_agreement_gain").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Relabel(d["run"]).GetProperty("flip").GetProperty("floor_margin").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Relabel(d["run"]).GetProperty("flip").GetProperty("snap_radius").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Relabel(d["run"]).GetProperty("flip").GetProperty("appearance_z").ValueKind);
        // No floor: no grow threshold and no reach; no snap: no pixel moved; no appearance check: no change set back;
        // new objects are still dropped (the region policy's default), and counted.
        Assert.False(Relabel(d["run"]).GetProperty("flip").GetProperty("add_objects").GetBoolean());
        Assert.All(File.ReadLines(d["run/relabel-round-1.csv"]).Skip(1), l => Assert.Matches(@",,0,0,,\d+$", l));
        // The worst-ranked images before and after: 4 images (fewer than the 6 kept), 5 tiles of 128 (clean masks known).
        var picture = ImageFiles.ReadRaster(d["run/relabel-round-1-examples.png"]);
        Assert.Equal((4 + 5 * 132, 4 + 4 * 132), (picture.Width, picture.Height));
    }

    private static System.Text.Json.JsonElement Relabel(string run) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))).RootElement.GetProperty("options").GetProperty("relabel");

    [Fact]
    public void By_default_a_relabel_run_is_cross_fitted_and_writes_the_folds_the_repaired_masks_and_a_model_trained_on_them_and_resumes()
    {
        using var d = WithNoisyMasks();
        string before = Hash(d["noisy"]) + Hash(d["data/train/masks"]);
        string[] args = ["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], "--epochs", "2", "--size", "16", "--batch", "2",
            "--widths", "8,16", "--seed", "3", "--method", "relabel", "--relabel-at", "1", "--samples", "2", "--no-guard"];
        // No --cross-fit and no --rounds: the defaults are 2 folds and one round.
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(before, Hash(d["noisy"]) + Hash(d["data/train/masks"]));
        Assert.Contains("cross-fit round 1/1, fold 2/2: epoch 1/2", r.Err);
        Assert.Contains("final model on the repaired masks: epoch 2/2", r.Err);
        Assert.Equal(Directory.GetFiles(d["noisy"]).Select(Path.GetFileName).Order(), Directory.GetFiles(d["run/relabeled"], "*.png").Select(Path.GetFileName).Order());
        string[] table = File.ReadAllLines(d["run/cross-fit.csv"]);
        Assert.Equal(3, table.Length);
        Assert.StartsWith("round,fold,train_images,relabeled_images,stop_epoch,picked_epoch", table[0]);
        // The round measured whether the labels follow the image's edges, and says what it decided.
        Assert.EndsWith(",outline_alignment,snapped_every_image,clean_subset_images,clean_subset_dice_before,clean_subset_dice_after,clean_subset_kept", table[0]);
        string[] row = table[1].Split(',');
        double alignment = double.Parse(row[^6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(alignment >= 0, table[1]);
        Assert.Equal(alignment < 0.45 ? "1" : "0", row[^5]);
        Assert.All(row[^4..], cell => Assert.Equal("", cell));          // no clean subset, no check
        Assert.True(File.Exists(d["run/relabel-round-1-examples.png"]), "the cross-fitted round draws its examples too");
        // Cross-fitting waits for a settled fold model and lets the other folds veto, unless told otherwise.
        var relabel = Relabel(d["run"]);
        Assert.Equal(0.05, relabel.GetProperty("max_agreement_gain").GetDouble());
        Assert.True(relabel.GetProperty("committee_veto").GetBoolean());
        var flip = relabel.GetProperty("flip");
        Assert.Equal(0.08, flip.GetProperty("floor_margin").GetDouble());
        Assert.Equal(4, flip.GetProperty("floor_radius").GetInt32());
        Assert.Equal(2, flip.GetProperty("snap_radius").GetInt32());
        Assert.Equal(16.0, flip.GetProperty("snap_weight").GetDouble());
        Assert.Equal(2.0, flip.GetProperty("appearance_z").GetDouble());
        Assert.Equal(0.45, flip.GetProperty("snap_alignment").GetDouble());
        Assert.False(flip.GetProperty("add_objects").GetBoolean());
        // The per-image table says which grow threshold the floor gave each image, and what was dropped as a new object.
        Assert.EndsWith(",vetoed,grow_at,snapped,refuted,floor_reach,apart", File.ReadLines(d["run/relabel-round-1.csv"]).First());
        // The run's own model trained both epochs on the repaired masks.
        string[] metrics = File.ReadAllLines(d["run/metrics.csv"]);
        Assert.Equal(3, metrics.Length);
        Assert.All(metrics.Skip(1), l => Assert.Contains(Path.Combine(d["run"], "relabeled-round-1"), l));
        byte[] weights = File.ReadAllBytes(d["run/model.pt"]);

        // Extending the finished run reuses the folds (no fold trains again) and trains the run's model on.
        var resumed = CliRunner.Run("train", "--resume", d["run"], "--epochs", "3");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.DoesNotContain("cross-fit round", resumed.Err);
        Assert.Equal(4, File.ReadAllLines(d["run/metrics.csv"]).Length);
        Assert.NotEqual(weights, File.ReadAllBytes(d["run/model.pt"]));
    }

    [Fact]
    public void A_repair_that_lowers_the_clean_subsets_Dice_is_refused_and_every_label_is_kept()
    {
        using var d = WithNoisyMasks();
        // The "clean" masks are the labels themselves, and the paper's flip at delta 0 flips every uncertain pixel: any
        // change lowers the subset's Dice from 1 (no committee veto to undo it), so the check must refuse the round.
        string[] args = ["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], "--epochs", "2", "--size", "16", "--batch", "2",
            "--widths", "8,16", "--seed", "3", "--method", "relabel", "--relabel-at", "1", "--samples", "2", "--no-guard",
            "--flip", "paper", "--threshold", "0", "--no-veto", "--rounds", "2", "--clean-subset", d["noisy"]];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("cross-fit round 1: clean subset of", r.Err);
        Assert.Contains("100.0 % -> ", r.Err);
        Assert.Contains("repair refused, every label kept", r.Err);
        Assert.DoesNotContain("cross-fit round 2/2", r.Err);              // a refused round ends the rounds
        // The masks the final model trained on, and the run's repaired dataset, are the labels, pixel for pixel.
        foreach (string file in Directory.GetFiles(d["noisy"]))
        {
            var label = ImageFiles.ReadMask(file, ForegroundRule.AnyPositive);
            Assert.Equal(label, ImageFiles.ReadMask(Path.Combine(d["run/relabeled"], Path.GetFileName(file)), ForegroundRule.AnyPositive));
            Assert.Equal(label, ImageFiles.ReadMask(Path.Combine(d["run/relabeled-round-1"], Path.GetFileName(file)), ForegroundRule.AnyPositive));
        }
        string[] row = File.ReadAllLines(d["run/cross-fit.csv"])[1].Split(',');
        Assert.Equal("0", row[^1]);                                       // kept: no
        Assert.Equal(1.0, double.Parse(row[^3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(double.Parse(row[^2], System.Globalization.CultureInfo.InvariantCulture) < 1.0, string.Join(',', row));
        // The round's totals say nothing changed; round.json keeps the verdict for a resume.
        Assert.Equal("0", row[7]);                                        // round_to_foreground
        Assert.Equal("0", row[8]);                                        // round_to_background
        using var round = System.Text.Json.JsonDocument.Parse(File.ReadAllText(d["run/cross-fit/round-1/round.json"]));
        Assert.False(round.RootElement.GetProperty("clean_subset").GetProperty("kept").GetBoolean());
        Assert.Equal(3, File.ReadAllLines(d["run/metrics.csv"]).Length);  // the final model trained its 2 epochs

        // Resumed, the round is read back with its verdict: still no second round, and the labels stay the masks.
        var resumed = CliRunner.Run("train", "--resume", d["run"], "--epochs", "3");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.DoesNotContain("cross-fit round 2/2", resumed.Err);
        Assert.False(Directory.Exists(d["run/relabeled-round-2"]));
        Assert.Equal(4, File.ReadAllLines(d["run/metrics.csv"]).Length);
    }

    [Theory]
    [InlineData(2, "--method", "bogus")]
    [InlineData(2, "--method", "relabel", "--flip", "bogus")]
    [InlineData(2, "--method", "relabel", "--uncertainty", "ensemble")]
    [InlineData(2, "--method", "relabel", "--relabel-at", "soon")]
    [InlineData(2, "--method", "relabel", "--relabel-at", "clean-subset")]
    [InlineData(2, "--method", "relabel", "--rounds", "0")]
    [InlineData(2, "--method", "relabel", "--threshold", "-1")]
    [InlineData(2, "--method", "relabel", "--cross-fit", "1")]
    [InlineData(2, "--method", "relabel", "--cross-fit", "2", "--average-epochs", "0")]
    [InlineData(2, "--method", "relabel", "--cross-fit", "2", "--settle", "-0.1")]
    [InlineData(2, "--method", "relabel", "--flip", "paper", "--margin", "0.2")]
    [InlineData(2, "--method", "relabel", "--margin", "0.7")]
    [InlineData(2, "--method", "relabel", "--floor", "0.7")]
    [InlineData(2, "--method", "relabel", "--floor", "some")]
    [InlineData(2, "--method", "relabel", "--flip", "paper", "--floor", "0.1")]
    [InlineData(2, "--method", "relabel", "--floor-radius", "-1")]
    [InlineData(2, "--method", "relabel", "--snap", "0")]
    [InlineData(2, "--method", "relabel", "--snap", "wide")]
    [InlineData(2, "--method", "relabel", "--flip", "paper", "--snap", "2")]
    [InlineData(2, "--method", "relabel", "--appearance", "-1")]
    [InlineData(2, "--method", "relabel", "--appearance", "sure")]
    [InlineData(2, "--method", "relabel", "--appearance", "Infinity")]
    [InlineData(2, "--method", "relabel", "--flip", "paper", "--appearance", "2")]
    [InlineData(1, "--method", "relabel", "--relabel-at", "clean-subset", "--clean-subset", "CLEAN")]
    public void Bad_relabel_options_give_a_one_line_error_and_no_run_folder(int exitCode, params string[] extra)
    {
        using var d = WithNoisyMasks();
        // A clean-subset folder naming an image that is not in the dataset.
        Directory.CreateDirectory(d["clean"]);
        PngWriter.WriteMask(d["clean/not-an-image.png"], Mask.Empty(20, 20));
        string[] args = ["train", "--data", d["data"], "--masks", d["noisy"], "--out", d["run"], .. TrainPredictCommandTests.Tiny,
            .. extra.Select(a => a == "CLEAN" ? d["clean"] : a)];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Single(r.Err.Trim().Split('\n'));
        if (exitCode == 1) Assert.Contains("not-an-image.png", r.Err);
        Assert.False(File.Exists(d["run/model.pt"]));
    }
}
