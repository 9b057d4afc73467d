using System.IO.Compression;
using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests.RealData;

/// <summary>
/// Decathlon Task03 (nibabel-written fixture) through corrupt → train --masks → evaluate on label volumes (issue 10 §3).
/// </summary>
public class DecathlonFlowTests
{
    private static readonly string Task03 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "Task03_Liver");
    private static readonly string[] Tiny = ["--epochs", "1", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];

    private static byte[] Decompressed(string path)
    {
        using var s = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Header(string path) => Decompressed(path)[..352];

    /// <summary>The label volumes eroded (noise seed 1) into <paramref name="folder"/>: the relabeling tests' noisy masks.</summary>
    private static void Erode(string folder)
    {
        var c = CliRunner.Run("corrupt", Path.Combine(Task03, "labelsTr"), "--noise", "erode", "--seed", "1", "--out", folder);
        Assert.True(c.ExitCode == 0, c.ToString());
    }

    [Fact]
    public void Label_volumes_are_corrupted_slice_by_slice_trained_on_and_scored_per_volume()
    {
        using var d = new TempDir();
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = d["cache"] };
        var c = CliRunner.Run("corrupt", Path.Combine(Task03, "labelsTr"), "--noise", "dilate", "--seed", "1", "--out", d["noisy"]);
        Assert.True(c.ExitCode == 0, c.ToString());
        Assert.Contains("2 label volumes", c.Out);
        foreach (string v in new[] { "liver_0.nii.gz", "liver_1.nii.gz" })
        {
            Assert.Equal(Header(Path.Combine(Task03, "labelsTr", v)), Header(d["noisy/" + v]));
            // The same bytes as the volumes that nibabel read back (Fixtures/datasets/check_noisy_volumes.py).
            Assert.Equal(Decompressed(Path.Combine(Task03, "..", "noisy_labelsTr", v)), Decompressed(d["noisy/" + v]));
        }

        var t = CliRunner.RunWith(env, ["train", "--data", Task03, "--masks", d["noisy"], "--holdout", "0.5", "--out", d["run"], .. Tiny]);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Contains("D_noisy", t.Out);

        var e = CliRunner.Run("evaluate", "--pred", d["noisy"], "--ref", Path.Combine(Task03, "labelsTr"), "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        using var json = JsonDocument.Parse(e.Out);
        Assert.Equal(2, json.RootElement.GetProperty("count").GetInt32());
        foreach (var row in json.RootElement.GetProperty("rows").EnumerateArray())
        {
            Assert.InRange(row.GetProperty("dice").GetDouble(), 0.3, 0.99);
            Assert.InRange(row.GetProperty("sliceDice").GetDouble(), 0.3, 0.99);
        }
    }

    [Fact]
    public void Relabeling_volumes_writes_repaired_label_volumes_under_the_input_names_slice_for_slice()
    {
        using var d = new TempDir();
        Erode(d["noisy"]);
        var t = CliRunner.Run(["train", "--data", Task03, "--masks", d["noisy"], "--out", d["run"], .. Tiny, "--epochs", "2",
            "--method", "relabel", "--relabel-at", "1", "--rounds", "1", "--samples", "2", "--no-guard", "--cross-fit", "0"]);
        Assert.True(t.ExitCode == 0, t.ToString());
        CheckVolumes(d["noisy"], d["run/relabeled"], d["run/relabeled-volumes"]);

        var r = CliRunner.Run("relabel", "--model", d["run"], "--data", Task03, "--masks", d["noisy"], "--samples", "2", "--out", d["once"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        CheckVolumes(d["noisy"], d["once/masks"], d["once/volumes"]);

        // Uncertainty maps of volumes come back as float volumes on the image's grid, slice for slice the 16-bit PNGs.
        var u = CliRunner.Run("uncertainty", "--model", d["run"], "--data", Task03, "--method", "mcdo", "--samples", "2", "--out", d["maps"]);
        Assert.True(u.ExitCode == 0, u.ToString());
        foreach (string name in new[] { "liver_0", "liver_1" })
        {
            var image = Remask.Core.Formats.NiftiReader.ReadHeader(Path.Combine(Task03, "imagesTr", name + ".nii.gz"));
            var map = Remask.Core.Formats.NiftiReader.Read(d[$"maps/volumes/aleatoric/{name}.nii.gz"]);
            Assert.Equal((image.Nx, image.Ny, image.Nz), (map.Nx, map.Ny, map.Nz));
            Assert.Equal(image.Affine.ToString(), map.Affine.ToString());
            var orientation = Remask.Core.Formats.SliceOrientation.FromAffine(image.Affine);
            int slices = 0;
            for (int z = 0; z < map.Nz; z++)
            {
                string png = d[$"maps/aleatoric/{name}_z{z:D3}.png"];
                var shown = Remask.Core.Formats.NiftiSlices.Slice(map, z, orientation);
                if (!File.Exists(png)) { Assert.All(shown.Values.ToArray(), v => Assert.True(float.IsNaN(v))); continue; }
                slices++;
                var raster = ImageFiles.ReadRaster(png);
                for (int i = 0; i < shown.Values.Length; i++)
                    Assert.True(Math.Abs(raster.Samples[i] / 65535.0 * 0.25 - shown.Values[i]) <= 0.25 / 65535, $"{name} slice {z} pixel {i}"); // within one 16-bit step (the PNG rounds to half a step, the volume is float32)
            }
            Assert.True(slices > 0);
        }
    }

    [Fact]
    public void Default_cross_fitted_relabeling_of_volumes_writes_repaired_label_volumes_slice_for_slice()
    {
        using var d = new TempDir();
        Erode(d["noisy"]);
        var t = CliRunner.Run(["train", "--data", Task03, "--masks", d["noisy"], "--out", d["run"], .. Tiny, "--epochs", "2",
            "--method", "relabel", "--samples", "2", "--no-guard"]);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.True(File.Exists(d["run/cross-fit.csv"]), "the default is cross-fitted");
        CheckVolumes(d["noisy"], d["run/relabeled"], d["run/relabeled-volumes"]);
    }

    [Fact]
    public void A_round_the_clean_subset_refuses_gives_back_the_label_volumes_voxel_for_voxel()
    {
        using var d = new TempDir();
        Erode(d["noisy"]);
        // The paper's flip at delta 0 without the veto flips every uncertain pixel, which takes the clean subset's slices
        // (the dataset's own labels, --masks the eroded copies) far from their clean masks: the round must be refused.
        var t = CliRunner.Run(["train", "--data", Task03, "--masks", d["noisy"], "--out", d["run"], .. Tiny, "--epochs", "2",
            "--method", "relabel", "--relabel-at", "1", "--samples", "2", "--no-guard", "--flip", "paper", "--threshold", "0",
            "--no-veto", "--clean-subset", "4"]);
        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Contains("repair refused, every label kept", t.Err);
        // Every slice PNG the round wrote is the label's slice, and every rebuilt volume is the input volume.
        CheckVolumes(d["noisy"], d["run/relabeled"], d["run/relabeled-volumes"]);
        foreach (string name in new[] { "liver_0.nii.gz", "liver_1.nii.gz" })
        {
            var before = Remask.Core.Formats.NiftiLabels.Read(d["noisy/" + name]);
            var after = Remask.Core.Formats.NiftiLabels.Read(d["run/relabeled-volumes/" + name]);
            Assert.Equal((before.Nx, before.Ny, before.Nz), (after.Nx, after.Ny, after.Nz));
            Assert.True(before.Values.ToArray().SequenceEqual(after.Values.ToArray()), name + ": the refused round changed a voxel");
        }
    }

    [Fact]
    public void Predicting_volumes_predicts_every_slice_and_writes_probability_and_mask_volumes_slice_for_slice()
    {
        using var d = new TempDir();
        var t = CliRunner.Run(["train", "--data", Task03, "--out", d["run"], .. Tiny]);
        Assert.True(t.ExitCode == 0, t.ToString());
        var p = CliRunner.Run("predict", "--model", d["run"], "--data", Task03, "--out", d["pred"]);
        Assert.True(p.ExitCode == 0, p.ToString());
        // Both training volumes and the unlabeled test volume, every slice (training keeps only some empty slices).
        foreach (var (name, folder) in new[] { ("liver_0", "imagesTr"), ("liver_1", "imagesTr"), ("liver_2", "imagesTs") })
        {
            var image = Remask.Core.Formats.NiftiReader.ReadHeader(Path.Combine(Task03, folder, name + ".nii.gz"));
            var probabilities = Remask.Core.Formats.NiftiReader.Read(d[$"pred/volumes/probabilities/{name}.nii.gz"]);
            var mask = Remask.Core.Formats.NiftiReader.Read(d[$"pred/volumes/masks/{name}.nii.gz"]);
            Assert.Equal(Remask.Core.Formats.NiftiDatatype.UInt8, mask.Datatype);
            foreach (var v in new[] { probabilities, mask })
            {
                Assert.Equal((image.Nx, image.Ny, image.Nz), (v.Nx, v.Ny, v.Nz));
                Assert.Equal(image.Affine.ToString(), v.Affine.ToString());
            }
            var orientation = Remask.Core.Formats.SliceOrientation.FromAffine(image.Affine);
            for (int z = 0; z < image.Nz; z++)
            {
                var png = ImageFiles.ReadRaster(d[$"pred/probabilities/{name}_z{z:D3}.png"]);
                var shown = Remask.Core.Formats.NiftiSlices.Slice(probabilities, z, orientation);
                for (int i = 0; i < shown.Values.Length; i++)
                    Assert.True(Math.Abs(png.Samples[i] / 65535.0 - shown.Values[i]) <= 1.0 / 65535, $"{name} slice {z} pixel {i}");
                var want = ImageFiles.ReadMask(d[$"pred/masks/{name}_z{z:D3}.png"], ForegroundRule.AnyPositive);
                var got = Remask.Core.Formats.NiftiSlices.Slice(mask, z, orientation);
                Assert.Equal(want.Pixels.ToArray().Select(b => (float)b), got.Values.ToArray());
            }
        }
    }

    /// <summary>Every input volume has a repaired volume of the same name and header; its relabeled slices are the
    /// slice masks (cut back out the way training cuts them), its other slices the input's.</summary>
    private static void CheckVolumes(string input, string slices, string volumes)
    {
        var names = Directory.GetFiles(input, "*.nii.gz").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(names, Directory.GetFiles(volumes, "*.nii.gz").Select(Path.GetFileName).Order().ToArray());
        int relabeled = 0, kept = 0;
        foreach (string name in names.Select(n => n!))
        {
            Assert.Equal(Header(Path.Combine(input, name)), Header(Path.Combine(volumes, name)));
            var before = Remask.Core.Formats.NiftiLabels.Read(Path.Combine(input, name));
            var after = Remask.Core.Formats.NiftiLabels.Read(Path.Combine(volumes, name));
            var image = Remask.Core.Formats.NiftiReader.ReadHeader(Path.Combine(Task03, "imagesTr", name));
            var orientation = Remask.Core.Formats.SliceOrientation.FromAffine(image.Affine);
            string stem = name[..^".nii.gz".Length];
            for (int z = 0; z < after.Nz; z++)
            {
                var got = Remask.Core.Formats.NiftiSlices.MaskSlice(after, z, ForegroundRule.AnyPositive, orientation);
                string png = Path.Combine(slices, $"{stem}_z{z:D3}.png");
                var want = File.Exists(png) ? ImageFiles.ReadMask(png, ForegroundRule.AnyPositive)
                    : Remask.Core.Formats.NiftiSlices.MaskSlice(before, z, ForegroundRule.AnyPositive, orientation);
                if (File.Exists(png)) relabeled++; else kept++;
                Assert.True(want.Pixels.SequenceEqual(got.Pixels), $"{name} slice {z}");
            }
        }
        Assert.True(relabeled > 0, "no slice was relabeled");
    }
}
