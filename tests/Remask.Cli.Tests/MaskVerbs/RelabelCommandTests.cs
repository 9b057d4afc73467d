using System.Security.Cryptography;
using Remask.Core.Formats;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests.MaskVerbs;

/// <summary>The model-agnostic form of <c>remask relabel</c>, on hand-made probability stacks.</summary>
public class RelabelCommandTests
{
    private const int Side = 16;

    /// <summary>The clean object: the square x, y in 2..13.</summary>
    private static bool InSquare(int x, int y) => x is >= 2 and <= 13 && y is >= 2 and <= 13;

    /// <summary>Two 16-bit probability maps: p = 0.9 (and 0.85) inside <paramref name="foreground"/>, 0.05 (0.1) outside.</summary>
    private static void WriteStack(string dir, Func<int, int, bool> foreground, int samples = 2)
    {
        Directory.CreateDirectory(dir);
        for (int n = 0; n < samples; n++)
        {
            var pixels = new ushort[Side * Side];
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                    pixels[y * Side + x] = (ushort)Math.Round((foreground(x, y) ? 0.9 - 0.05 * n : 0.05 + 0.05 * n) * 65535);
            PngWriter.Write(Path.Combine(dir, $"sample_{n}.png"), new Raster(Side, Side, 1, 16, pixels));
        }
    }

    private static string Hash(string dir) => Convert.ToHexString(SHA256.HashData(
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray()));

    [Fact]
    public void Repairs_a_missing_half_declines_an_image_the_model_agrees_with_and_leaves_the_inputs_alone()
    {
        using var s = new TempDir();
        // "half": the label holds only the left half of the square, the model sees all of it.
        MaskFiles.Write(s["masks/half.png"], Mask.FromFunction(Side, Side, (x, y) => InSquare(x, y) && x <= 7));
        WriteStack(s["probs/half"], InSquare);
        // "agree": label and model agree (the guard declines: nothing to repair).
        MaskFiles.Write(s["masks/agree.png"], Mask.FromFunction(Side, Side, InSquare));
        WriteStack(s["probs/agree"], InSquare);
        MaskFiles.Write(s["clean/half.png"], Mask.FromFunction(Side, Side, InSquare));
        MaskFiles.Write(s["clean/agree.png"], Mask.FromFunction(Side, Side, InSquare));
        string before = Hash(s["masks"]) + Hash(s["probs"]);

        var r = CliRunner.Run("relabel", "--probs", s["probs"], "--masks", s["masks"], "--references", s["clean"], "--reference-size", "16", "--out", s["out"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(before, Hash(s["masks"]) + Hash(s["probs"]));

        var half = ImageFiles.ReadMask(s["out/masks/half.png"], ForegroundRule.AnyPositive);
        var expectedChanges = 0;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                if (!InSquare(x, y)) Assert.False(half[x, y], $"({x}, {y}) outside the object became foreground");
                else if (x <= 7) Assert.True(half[x, y], $"({x}, {y}) of the label was lost");
                else if (half[x, y]) expectedChanges++;
            }
        // The missing half (6 x 12 pixels) comes back, up to the corners that an opening of radius 1 rounds off.
        Assert.InRange(expectedChanges, 6 * 12 - 4, 6 * 12);
        Assert.Equal(File.ReadAllBytes(s["masks/agree.png"]), File.ReadAllBytes(s["out/masks/agree.png"]));

        string[] table = File.ReadAllLines(s["out/relabel.csv"]);
        var agreeRow = table.Single(l => l.StartsWith("agree,")).Split(',');
        Assert.Equal("true", agreeRow[4]);
        Assert.Equal("no pixel to flip", agreeRow[5]);
        string[] ranking = File.ReadAllLines(s["out/label-quality.csv"]);
        Assert.StartsWith("1,half,", ranking[1]);
        Assert.Contains("Dice with the references", r.Out);
    }

    [Fact]
    public void A_NIfTI_stack_of_W_x_H_x_N_gives_the_masks_of_the_same_PNG_stack()
    {
        using var s = new TempDir();
        MaskFiles.Write(s["masks/half.png"], Mask.FromFunction(Side, Side, (x, y) => InSquare(x, y) && x <= 7));
        WriteStack(s["png/half"], InSquare);
        var values = new float[Side * Side * 2];
        for (int n = 0; n < 2; n++)
            for (int y = 0; y < Side; y++)
                for (int x = 0; x < Side; x++)
                    values[(n * Side + y) * Side + x] = (float)(Math.Round((InSquare(x, y) ? 0.9 - 0.05 * n : 0.05 + 0.05 * n) * 65535) / 65535);
        Directory.CreateDirectory(s["nii"]);
        NiftiWriter.Write(s["nii/half.nii.gz"], new NiftiVolume(Side, Side, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Float32, values));

        Assert.Equal(0, CliRunner.Run("relabel", "--probs", s["png"], "--masks", s["masks"], "--out", s["a"]).ExitCode);
        var r = CliRunner.Run("relabel", "--probs", s["nii"], "--masks", s["masks"], "--out", s["b"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(File.ReadAllBytes(s["a/masks/half.png"]), File.ReadAllBytes(s["b/masks/half.png"]));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("size")]
    [InlineData("count")]
    [InlineData("missing-mask")]
    [InlineData("one-sample")]
    public void Bad_stacks_give_a_one_line_error_naming_the_file_and_write_nothing(string problem)
    {
        using var s = new TempDir();
        MaskFiles.Write(s["masks/a.png"], Mask.FromFunction(Side, Side, InSquare));
        MaskFiles.Write(s["masks/b.png"], Mask.FromFunction(Side, Side, InSquare));
        WriteStack(s["probs/a"], InSquare);
        string expected;
        switch (problem)
        {
            case "nan":
                var values = new float[Side * Side * 2];
                values[5] = float.NaN;
                Directory.CreateDirectory(s["probs"]);
                NiftiWriter.Write(s["probs/b.nii"], new NiftiVolume(Side, Side, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Float32, values));
                expected = "b.nii";
                break;
            case "size":
                MaskFiles.Write(s["masks/b.png"], Mask.Empty(Side, Side - 2));
                WriteStack(s["probs/b"], InSquare);
                expected = "b.png";
                break;
            case "count":
                WriteStack(s["probs/b"], InSquare, samples: 3);
                expected = "b";
                break;
            case "missing-mask":
                WriteStack(s["probs/c"], InSquare);
                expected = "c.png";
                break;
            default:
                WriteStack(s["probs/b"], InSquare, samples: 1);
                expected = "b";
                break;
        }
        var r = CliRunner.Run("relabel", "--probs", s["probs"], "--masks", s["masks"], "--out", s["out"]);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(s["out"]));
    }
}
