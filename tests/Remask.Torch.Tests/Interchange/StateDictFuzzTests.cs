using System.IO.Compression;
using System.Text;
using Remask.Core;
using Remask.Fuzzing;
using Remask.Fuzzing.Mutations;
using Remask.Fuzzing.Torch;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using Xunit.Abstractions;

namespace Remask.Torch.Tests.Interchange;

/// <summary>
/// Model folders (model.pt, model.json) under mutation (docs/reliability.md), and the minimal forms of what the fuzzer
/// found: PyBridge checks no zip CRC-32 (damaged weights loaded), a pickle's string length allocated before it is read
/// (1 GB from a flipped bit), a model.json whose widths outgrow its weights built the network first.
/// </summary>
public sealed class StateDictFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_model_folders_are_refused_or_read_correctly() => FuzzRunner.RunUnitTest(TorchTargets.ModelFolder(), output.WriteLine);

    private static (TempDir Dir, string Path, UNetS Model) Saved()
    {
        var dir = new TempDir();
        var model = new UNetS(new UNetSConfig(1, [4, 8]));
        string path = dir.Sub("model.pt");
        StateDictFile.Save(model, path);
        return (dir, path, model);
    }

    private static byte[] Rewritten(string path, Func<ZipMutations.Entry, ZipMutations.Entry> change) =>
        ZipMutations.Write(ZipMutations.Read(File.ReadAllBytes(path)).Select(change));

    [Fact]
    public void A_damaged_tensor_is_refused_by_its_zip_crc()
    {
        var (dir, path, model) = Saved();
        using (dir) using (model)
        {
            byte[] zip = File.ReadAllBytes(path);
            using (var archive = new ZipArchive(new MemoryStream(zip)))
            {
                // the stored bytes of one tensor, changed in place (the entry's CRC-32 now disagrees)
                var entry = archive.Entries.First(e => e.FullName.Contains("/data/", StringComparison.Ordinal) && e.Length > 8);
                int at = IndexOf(zip, Read(entry));
                zip[at + 2] ^= 0x40;
            }
            File.WriteAllBytes(path, zip);
            var e = Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, path));
            Assert.Contains("cannot read the weights (entry ", e.Message);
            Assert.Contains(" is damaged: its CRC-32 does not match)", e.Message);
        }
    }

    [Fact]
    public void A_pickle_string_longer_than_the_pickle_is_refused_before_it_is_allocated()
    {
        var (dir, path, model) = Saved();
        using (dir) using (model)
        {
            File.WriteAllBytes(path, Rewritten(path, entry =>
            {
                if (!entry.Name.EndsWith("data.pkl", StringComparison.Ordinal)) return entry;
                byte[] pickle = (byte[])entry.Data.Clone();
                int x = Array.IndexOf(pickle, (byte)'X');   // BINUNICODE: a 4-byte length, then the text
                pickle[x + 4] = 0x40;                      // the length is now over 1 GB
                return entry with { Data = pickle };
            }));
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, path));
            Assert.Contains("data.pkl: pickle opcode 0x58", e.Message);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
        }
    }

    [Fact]
    public void A_model_json_that_outgrows_its_weights_is_refused_before_the_network_is_built()
    {
        using var dir = new TempDir();
        using (var model = new UNetS(new UNetSConfig(1, [4, 8]))) StateDictFile.Save(model, dir.Sub("model.pt"));
        File.WriteAllText(dir.Sub("model.json"), """{"format": "remask.unet-s", "version": 1, "in_channels": 1, "widths": [4, 8], "size": 16}""");
        var (loaded, info) = ModelFolder.Load(dir.Path);   // the pair as written loads
        using (loaded) Assert.Equal(1, info.InChannels);
        string json = dir.Sub("model.json");
        File.WriteAllText(json, """{"format": "remask.unet-s", "version": 1, "in_channels": 1, "widths": [100000, 100000], "size": 16}""");
        var e = Assert.Throws<RemaskDataException>(() => ModelFolder.Load(dir.Path));
        Assert.Equal(json, e.Path);
        Assert.Contains("largest tensor alone needs 720000000000 bytes", e.Message);

        // widths that fit the file but not its tensors: the error names both files
        File.WriteAllText(json, """{"format": "remask.unet-s", "version": 1, "in_channels": 1, "widths": [4], "size": 16}""".Replace("[4]", "[4, 4]"));
        var mismatch = Assert.Throws<RemaskDataException>(() => ModelFolder.Load(dir.Path));
        Assert.Equal(dir.Sub("model.pt"), mismatch.Path);
        Assert.Contains($"not the network {json} describes?", mismatch.Message);
    }

    [Fact]
    public void A_broken_model_json_is_refused_in_one_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("model.json"), "{\n  \"widths\": [\n    8,\n    tru\n  ],\n  \"size\": 32\n}\n");
        var e = Assert.Throws<RemaskDataException>(() => ModelFolder.Load(dir.Path));
        Assert.Equal(dir.Sub("model.json"), e.Path);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
