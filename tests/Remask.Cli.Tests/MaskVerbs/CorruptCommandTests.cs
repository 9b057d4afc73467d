using System.Globalization;
using System.Text.RegularExpressions;
using Remask.Core.Imaging;
using Remask.Core.Metrics;

namespace Remask.Cli.Tests.MaskVerbs;

public class CorruptCommandTests
{
    private static void CleanMasks(TempDir s)
    {
        MaskFiles.Write(s["clean/a.png"], MaskFiles.Disc(48, 40, 20, 18, 12));
        MaskFiles.Write(s["clean/b.png"], MaskFiles.Disc(48, 40, 30, 20, 9));
        MaskFiles.Write(s["clean/empty.png"], Mask.Empty(48, 40));
    }

    [Fact]
    public void Writes_noisy_masks_under_the_same_names_and_prints_their_mean_Dice()
    {
        using var s = new TempDir();
        CleanMasks(s);
        var r = CliRunner.Run("corrupt", s["clean"], "--noise", "poly3", "--seed", "4", "--out", s["noisy"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["a.png", "b.png", "empty.png", "remask-masks.json"], MaskFiles.Names(s["noisy"]));
        Assert.True(MaskFiles.Read(s["noisy/empty.png"]).IsEmpty);
        // The printed mean is the mean Dice of the files written against the clean files.
        double expected = new[] { "a.png", "b.png", "empty.png" }
            .Average(n => ConfusionCounts.Of(MaskFiles.Read(s["noisy/" + n]), MaskFiles.Read(s["clean/" + n])).Dice);
        var m = Regex.Match(r.Out, @"mean Dice noisy vs clean ([0-9.]+)");
        Assert.True(m.Success, r.ToString());
        Assert.Equal(expected, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), 4);
        Assert.True(expected < 0.9);   // triangles are crude
        Assert.NotEqual(MaskFiles.Read(s["clean/a.png"]), MaskFiles.Read(s["noisy/a.png"]));
    }

    [Fact]
    public void The_same_seed_gives_the_same_files_whatever_else_is_in_the_folder()
    {
        using var s = new TempDir();
        CleanMasks(s);
        MaskFiles.Write(s["only-b/b.png"], MaskFiles.Read(s["clean/b.png"]));
        Assert.Equal(0, CliRunner.Run("corrupt", s["clean"], "--noise", "markov", "--seed", "9", "--out", s["one"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("corrupt", s["clean"], "--noise", "markov", "--seed", "9", "--out", s["two"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("corrupt", s["only-b"], "--noise", "markov", "--seed", "9", "--out", s["three"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("corrupt", s["clean"], "--noise", "markov", "--seed", "10", "--out", s["other"]).ExitCode);
        Assert.Equal(File.ReadAllBytes(s["one/a.png"]), File.ReadAllBytes(s["two/a.png"]));
        Assert.Equal(File.ReadAllBytes(s["one/b.png"]), File.ReadAllBytes(s["three/b.png"]));
        Assert.NotEqual(MaskFiles.Read(s["one/a.png"]), MaskFiles.Read(s["other/a.png"]));
    }

    [Fact]
    public void Label_maps_are_read_by_the_foreground_rule()
    {
        using var s = new TempDir();
        // Labels 0, 1 and 2; with --foreground 2 only the label-2 square is foreground.
        MaskFiles.WriteLabels(s["labels/m.png"], 20, 10, (x, y) => (ushort)(x < 10 ? 1 : y < 5 ? 2 : 0));
        var r = CliRunner.Run("corrupt", s["labels"], "--noise", "clean", "--foreground", "2", "--out", s["out"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Mask.FromFunction(20, 10, (x, y) => x >= 10 && y < 5), MaskFiles.Read(s["out/m.png"]));
    }

    [Fact]
    public void A_mix_reports_which_models_it_used()
    {
        using var s = new TempDir();
        CleanMasks(s);
        var r = CliRunner.Run("corrupt", s["clean"], "--noise", "mix", "--mix", "dilate=1", "--out", s["out"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("dilate: 3 masks", r.Out);
    }

    [Fact]
    public void An_existing_output_folder_is_refused_unless_overwriting()
    {
        using var s = new TempDir();
        CleanMasks(s);
        File.WriteAllText(s["keep.txt"], "x");
        Directory.CreateDirectory(s["out"]);
        File.WriteAllText(s["out/old.txt"], "old");
        var refused = CliRunner.Run("corrupt", s["clean"], "--noise", "poly7", "--out", s["out"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--overwrite", refused.Err);
        Assert.True(File.Exists(s["out/old.txt"]));
        var replaced = CliRunner.Run("corrupt", s["clean"], "--noise", "poly7", "--out", s["out"], "--overwrite");
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        Assert.Equal(["a.png", "b.png", "empty.png", "remask-masks.json"], MaskFiles.Names(s["out"]));
    }

    [Theory]
    [InlineData("--noise", "poly2")]
    [InlineData("--noise", "blur")]
    [InlineData("--seed", "1")]
    [InlineData("--noise", "poly3", "--mix", "poly3=1")]
    public void Bad_options_are_usage_errors(params string[] options)
    {
        using var s = new TempDir();
        CleanMasks(s);
        var r = CliRunner.Run(["corrupt", s["clean"], .. options, "--out", s["out"]]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(s["out"]));
    }

    [Fact]
    public void Writing_into_the_input_folder_is_refused()
    {
        using var s = new TempDir();
        CleanMasks(s);
        var r = CliRunner.Run("corrupt", s["clean"], "--noise", "poly3", "--out", s["clean"], "--overwrite");
        Assert.Equal(2, r.ExitCode);
        r = CliRunner.Run("corrupt", s["clean"], "--noise", "poly3", "--out", s.Path, "--overwrite");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["a.png", "b.png", "empty.png"], MaskFiles.Names(s["clean"]));
    }

    [Fact]
    public void An_unreadable_mask_is_a_one_line_error_naming_it_and_nothing_is_written()
    {
        using var s = new TempDir();
        CleanMasks(s);
        File.WriteAllText(s["clean/broken.png"], "not a png");
        var r = CliRunner.Run("corrupt", s["clean"], "--noise", "poly3", "--out", s["out"]);
        Assert.Equal(1, r.ExitCode);
        var errorLines = r.Err.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains("broken.png", Assert.Single(errorLines));
        Assert.False(Directory.Exists(s["out"]));
    }
}
