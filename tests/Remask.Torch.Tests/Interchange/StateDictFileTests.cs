using System.IO.Compression;
using System.Text;
using Remask.Core;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Interchange;

public class StateDictFileTests
{
    [Fact]
    public void Weights_file_loads_back_into_a_fresh_model_with_identical_outputs()
    {
        using var dir = new TempDir();
        manual_seed(1);
        using var a = new UNetS(new UNetSConfig(3, [8, 16, 32]));
        a.train();
        using (no_grad()) a.call(rand(4, 3, 16, 16)).Dispose(); // move the BatchNorm statistics off their defaults
        string path = dir.Sub("model.pt");
        StateDictFile.Save(a, path);

        manual_seed(2);
        using var b = new UNetS(new UNetSConfig(3, [8, 16, 32]));
        StateDictFile.Load(b, path);
        a.eval(); b.eval();
        using var x = rand(2, 3, 16, 16);
        using var ya = a.call(x);
        using var yb = b.call(x);
        Assert.True(ya.eq(yb).all().item<bool>());
        var sa = a.state_dict();
        foreach (var (k, v) in b.state_dict())
            Assert.True(v.eq(sa[k]).all().item<bool>(), k);
    }

    [Fact]
    public void File_has_the_layout_torch_load_reads()
    {
        // torch.save's zip format: ARCHIVE/data.pkl (pickle protocol 2 of a dict whose tensors are
        // torch._utils._rebuild_tensor_v2 calls on persistent storages), ARCHIVE/data/N (raw little-endian storage
        // bytes), ARCHIVE/version; all entries stored under one top-level folder.
        using var dir = new TempDir();
        using var model = new UNetS(new UNetSConfig(1, [4, 8]));
        string path = dir.Sub("model.pt");
        StateDictFile.Save(model, path);
        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        string root = names[0].Split('/')[0];
        Assert.All(names, n => Assert.StartsWith(root + "/", n));
        Assert.Contains(root + "/data.pkl", names);
        Assert.Contains(root + "/version", names);
        int tensors = model.state_dict().Count;
        Assert.Equal(tensors, names.Count(n => n.StartsWith(root + "/data/")));

        using var pkl = new MemoryStream();
        zip.GetEntry(root + "/data.pkl")!.Open().CopyTo(pkl);
        byte[] bytes = pkl.ToArray();
        Assert.Equal(0x80, bytes[0]); // PROTO opcode
        string text = Encoding.Latin1.GetString(bytes);
        Assert.Contains("collections\nOrderedDict", text);
        Assert.Contains("torch._utils\n_rebuild_tensor_v2", text);
        Assert.Contains("torch\nFloatStorage", text);
        Assert.Contains("down.0.0.weight", text);
        Assert.Equal((byte)'.', bytes[^1]); // STOP

        // The first conv's weight storage holds its 4 x 1 x 3 x 3 floats.
        var w = model.state_dict()["down.0.0.weight"].data<float>().ToArray();
        bool found = zip.Entries.Where(e => e.FullName.StartsWith(root + "/data/")).Any(e =>
        {
            using var s = new MemoryStream();
            e.Open().CopyTo(s);
            return s.Length == w.Length * 4 && MemoryMarshalFloats(s.ToArray()).SequenceEqual(w);
        });
        Assert.True(found, "no storage entry holds the first convolution's weights");
    }

    private static float[] MemoryMarshalFloats(byte[] b)
    {
        var f = new float[b.Length / 4];
        Buffer.BlockCopy(b, 0, f, 0, b.Length);
        return f;
    }

    [Fact]
    public void Missing_truncated_or_mismatched_files_are_data_errors()
    {
        using var dir = new TempDir();
        using var model = new UNetS(new UNetSConfig(1, [4, 8]));
        Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, dir.Sub("none.pt")));

        string path = dir.Sub("model.pt");
        StateDictFile.Save(model, path);
        byte[] full = File.ReadAllBytes(path);
        File.WriteAllBytes(dir.Sub("cut.pt"), full[..(full.Length / 2)]);
        var e = Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, dir.Sub("cut.pt")));
        Assert.StartsWith(dir.Sub("cut.pt") + ": ", e.Message);
        Assert.DoesNotContain("\n", e.Message);

        File.WriteAllText(dir.Sub("text.pt"), "not a zip");
        Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, dir.Sub("text.pt")));

        using var wider = new UNetS(new UNetSConfig(1, [8, 16]));
        Assert.Throws<RemaskDataException>(() => StateDictFile.Load(wider, path));
    }

    [Fact]
    public void Loads_a_file_in_torch_save_format_written_by_Python()
    {
        // Fixtures/make_state_dict.py writes this file the way torch.save does (OrderedDict at the top level),
        // with values by a rule: tensor k element i = ((i % 7) - 3) * 0.01 * (k + 1); running_var 1 + 0.1 (i % 3);
        // num_batches_tracked 5. Tensor k counts in the order of the script (down.0: 0..11, bottleneck: 12..23,
        // up.0: 24, 25, dec.0: 26..37, head: 38, 39).
        using var model = new UNetS(new UNetSConfig(1, [4, 8]));
        StateDictFile.Load(model, Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny_unet_s_state_dict.pt"));
        var sd = model.state_dict();
        float[] Rule(int k, int n) => Enumerable.Range(0, n).Select(i => (float)(((i % 7) - 3) * 0.01 * (k + 1))).ToArray();
        Assert.Equal(Rule(0, 36), sd["down.0.0.weight"].data<float>().ToArray());
        Assert.Equal(Rule(12, 8 * 4 * 9), sd["bottleneck.0.weight"].data<float>().ToArray());
        Assert.Equal(Rule(24, 8 * 4 * 4), sd["up.0.weight"].data<float>().ToArray());
        Assert.Equal(Rule(39, 1), sd["head.bias"].data<float>().ToArray());
        Assert.Equal(new[] { 1f, 1.1f, 1.2f, 1f }, sd["dec.0.4.running_var"].data<float>().ToArray());
        Assert.Equal(5L, sd["bottleneck.1.num_batches_tracked"].item<long>());
        model.eval();
        using var y = model.call(ones(1, 1, 8, 8));
        Assert.Equal(new long[] { 1, 1, 8, 8 }, y.shape);
    }
}
