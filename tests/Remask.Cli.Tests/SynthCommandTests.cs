using System.Security.Cryptography;
using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests;

public class SynthCommandTests
{
    private static string[] Args(string outDir, string kind = "ct", int train = 6, int test = 3, int size = 32, int seed = 5) =>
        ["synth", "--kind", kind, "--train", train.ToString(), "--test", test.ToString(), "--size", size.ToString(), "--seed", seed.ToString(), "--out", outDir];

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Writes_the_generic_pairs_layout_that_info_reads_back()
    {
        using var d = new TempDir();
        var r = CliRunner.Run(Args(d["ct"]));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(6, Directory.GetFiles(d["ct/train/images"], "*.png").Length);
        Assert.Equal(6, Directory.GetFiles(d["ct/train/masks"], "*.png").Length);
        Assert.Equal(3, Directory.GetFiles(d["ct/test/images"], "*.png").Length);
        Assert.True(File.Exists(d["ct/train/images/ct_000000.png"]));
        var mask = ImageFiles.ReadRaster(d["ct/train/masks/ct_000000.png"]);
        Assert.All(mask.Samples, v => Assert.True(v is 0 or 255));
        var image = ImageFiles.ReadRaster(d["ct/train/images/ct_000000.png"]);
        Assert.Equal((32, 32, 1), (image.Width, image.Height, image.Channels));
        // Nothing else is left beside the output (no temporary folders).
        Assert.Equal(new[] { d["ct"] }, Directory.GetFileSystemEntries(d.Path));

        var info = CliRunner.Run("info", d["ct"], "--json");
        Assert.True(info.ExitCode == 0, info.ToString());
        using var doc = JsonDocument.Parse(info.Out);
        Assert.Equal(6, doc.RootElement.GetProperty("splits")[0].GetProperty("images").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("splits")[1].GetProperty("images").GetInt32());
    }

    [Fact]
    public void Same_arguments_give_identical_files_and_the_test_split_differs_from_train()
    {
        using var d = new TempDir();
        Assert.Equal(0, CliRunner.Run(Args(d["a"], "derm")).ExitCode);
        Assert.Equal(0, CliRunner.Run(Args(d["b"], "derm")).ExitCode);
        Assert.Equal(Hashes(d["a"]), Hashes(d["b"]));
        // The test split has its own seed: its first image is not the training split's first image.
        Assert.NotEqual(Hashes(d["a"])[Path.Combine("train", "images", "derm_000000.png")], Hashes(d["a"])[Path.Combine("test", "images", "derm_000000.png")]);
    }

    /// <summary>
    /// The standard datasets' files, synth.json included, are frozen (taken before the hard variants were added): the
    /// same as <c>find . -type f | sort | xargs sha256sum | sha256sum</c> in the output folder. synth.json decides
    /// whether <c>remask experiment</c> reuses a dataset it wrote, so it must not change either.
    /// </summary>
    [Theory]
    [InlineData("derm", "785e2d870a80c85a93e8927b94af77d49cfd3935f981cd5f07ed7ad2c089a4dd")]
    [InlineData("ct", "9aa45139f1058b6941df9a1110e242747ead225b5ad68e77856c0424a7409982")]
    public void Standard_output_is_bit_identical_to_the_frozen_files(string kind, string expected)
    {
        using var d = new TempDir();
        var r = CliRunner.Run(Args(d["s"], kind));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected, FolderHash(d["s"]));
    }

    [Fact]
    public void Difficulty_standard_is_the_default_and_hard_is_another_dataset_named_in_synth_json()
    {
        using var d = new TempDir();
        Assert.Equal(0, CliRunner.Run(Args(d["default"], "derm")).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. Args(d["standard"], "derm"), "--difficulty", "standard"]).ExitCode);
        var hard = CliRunner.Run([.. Args(d["hard"], "derm"), "--difficulty", "hard"]);
        Assert.True(hard.ExitCode == 0, hard.ToString());
        Assert.Contains("synth-derm-hard images", hard.Out);
        Assert.Equal(0, CliRunner.Run([.. Args(d["hard2"], "derm"), "--difficulty", "HARD"]).ExitCode);

        Assert.Equal(Hashes(d["default"]), Hashes(d["standard"]));
        Assert.Equal(Hashes(d["hard"]), Hashes(d["hard2"]));
        var standardFiles = Hashes(d["standard"]);
        var hardFiles = Hashes(d["hard"]);
        Assert.Equal(standardFiles.Keys.Order(), hardFiles.Keys.Order());   // the same names
        foreach (var (file, hash) in hardFiles)
            if (file.Contains("images")) Assert.NotEqual(standardFiles[file], hash);
        using var manifest = JsonDocument.Parse(File.ReadAllText(d["hard/synth.json"]));
        Assert.Equal("hard", manifest.RootElement.GetProperty("Difficulty").GetString());
        Assert.DoesNotContain("Difficulty", File.ReadAllText(d["standard/synth.json"]));

        // A standard dataset's folder is not taken for the hard one.
        var refused = CliRunner.Run([.. Args(d["standard"], "derm"), "--difficulty", "hard"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(standardFiles, Hashes(d["standard"]));
    }

    [Fact]
    public void A_bad_difficulty_is_a_one_line_usage_error_and_writes_nothing()
    {
        using var d = new TempDir();
        var r = CliRunner.Run([.. Args(d["o"]), "--difficulty", "extreme"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("usage error: --difficulty: 'extreme' is not a difficulty (use standard or hard) (see 'remask --help')", r.Err.Trim());
        Assert.Empty(r.Out);
        Assert.False(Directory.Exists(d["o"]));
    }

    /// <summary>sha256sum's lines ("HASH  ./PATH") for every file, sorted by path, hashed again.</summary>
    private static string FolderHash(string dir)
    {
        var lines = Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => "./" + Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, rel)))) + "  " + rel + "\n");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(lines))));
    }

    [Fact]
    public void A_folder_with_a_different_dataset_is_refused_unless_overwrite()
    {
        using var d = new TempDir();
        Assert.Equal(0, CliRunner.Run(Args(d["s"], seed: 1)).ExitCode);
        var before = Hashes(d["s"]);
        var again = CliRunner.Run(Args(d["s"], seed: 1));
        Assert.Equal(0, again.ExitCode);                 // the same dataset: nothing to do
        Assert.Contains("already holds this dataset", again.Err);

        var refused = CliRunner.Run(Args(d["s"], seed: 2));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(d["s"] + ": the output folder already holds a different dataset; pass --overwrite", refused.Err);
        Assert.Equal(before, Hashes(d["s"]));

        var replaced = CliRunner.Run([.. Args(d["s"], seed: 2), "--overwrite"]);
        Assert.Equal(0, replaced.ExitCode);
        Assert.NotEqual(before, Hashes(d["s"]));
        Assert.Single(Directory.GetFileSystemEntries(d.Path));
    }

    [Fact]
    public void A_folder_with_other_files_is_refused()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["x"]);
        File.WriteAllText(d["x/keep.txt"], "mine");
        var r = CliRunner.Run(Args(d["x"]));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("mine", File.ReadAllText(d["x/keep.txt"]));
    }

    [Theory]
    [InlineData("--size", "8")]
    [InlineData("--kind", "mri")]
    [InlineData("--train", "-1")]
    public void Bad_options_are_usage_errors_and_write_nothing(string option, string value)
    {
        using var d = new TempDir();
        var args = Args(d["o"]).ToList();
        int at = args.IndexOf(option);
        args[at + 1] = value;
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.False(Directory.Exists(d["o"]));
    }

    [Fact]
    public void Missing_out_is_a_usage_error()
    {
        var r = CliRunner.Run("synth", "--kind", "derm");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out", r.Err);
    }

    [Fact]
    public void Preview_writes_a_png_grid()
    {
        using var d = new TempDir();
        var r = CliRunner.Run([.. Args(d["s"], train: 4, test: 0), "--preview", d["grid.png"]]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var grid = ImageFiles.ReadRaster(d["grid.png"]);
        Assert.Equal(3, grid.Channels);
        Assert.True(grid.Width > 2 * 32);
    }
}
