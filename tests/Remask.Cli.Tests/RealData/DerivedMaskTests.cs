using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests.RealData;

/// <summary>
/// Issue 10 §2: masks Remask writes (0/255) are read back right when the dataset's masks are 0/1 label maps read with
/// <c>--foreground 1</c>, and a training set read as empty is an error naming the folder, never silent.
/// </summary>
public class DerivedMaskTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];

    /// <summary>images/NAME.png and masks/NAME.png holding 0/1 labels (a square).</summary>
    private static void LabelMapDataset(TempDir d, int n)
    {
        Directory.CreateDirectory(d["data/images"]);
        Directory.CreateDirectory(d["data/masks"]);
        for (int i = 0; i < n; i++)
        {
            int size = 20;
            var img = new ushort[size * size];
            var m = new ushort[size * size];
            for (int p = 0; p < img.Length; p++)
            {
                bool fg = p % size is >= 5 and < 15 && p / size is >= 5 and < 15;
                m[p] = fg ? (ushort)1 : (ushort)0;
                img[p] = fg ? (ushort)200 : (ushort)30;
            }
            PngWriter.Write(d[$"data/images/s{i}.png"], new Raster(size, size, 1, 8, img));
            PngWriter.Write(d[$"data/masks/s{i}.png"], new Raster(size, size, 1, 8, m));
        }
    }

    [Fact]
    public void Noisy_masks_written_with_foreground_1_train_and_a_copy_without_the_note_is_refused()
    {
        using var d = new TempDir();
        LabelMapDataset(d, 3);
        var c = CliRunner.Run("corrupt", d["data/masks"], "--foreground", "1", "--noise", "dilate", "--out", d["noisy"]);
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.True(File.Exists(d["noisy/" + DerivedMaskStamp.FileName]));

        var t = CliRunner.Run(["train", "--data", d["data"], "--foreground", "1", "--masks", d["noisy"], "--out", d["run"], .. Tiny]);
        Assert.True(t.ExitCode == 0, t.ToString());

        // The same 0/255 files copied without Remask's note: read with --foreground 1 they are empty.
        Directory.CreateDirectory(d["copied"]);
        foreach (string f in Directory.GetFiles(d["noisy"], "*.png")) File.Copy(f, d["copied/" + Path.GetFileName(f)]);
        var r = CliRunner.Run(["train", "--data", d["data"], "--foreground", "1", "--masks", d["copied"], "--out", d["run2"], .. Tiny]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: {d["copied"]}: 3 of 3 training masks checked are empty where the dataset's own mask is not", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(d["run2"]));
    }

    [Fact]
    public void A_dataset_whose_masks_are_read_as_empty_is_refused()
    {
        using var d = new TempDir();
        LabelMapDataset(d, 2);
        var r = CliRunner.Run(["train", "--data", d["data"], "--foreground", "2", "--out", d["run"], .. Tiny]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("every training mask checked is empty (2 of them)", r.Err);
    }
}
