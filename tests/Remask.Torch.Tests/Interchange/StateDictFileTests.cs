using System.IO.Compression;
using System.Text;
using Remask.Core;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Interchange;

public class StateDictFileTests(Xunit.Abstractions.ITestOutputHelper output)
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

    /// <summary>
    /// Fixtures/make_state_dict.py wrote this file with PyTorch's torch.save, values by a rule (tensor k in the
    /// state_dict's order, element i: running_var 1 + 0.1 (i % 3); num_batches_tracked 5; BatchNorm weights
    /// 0.5 + 0.25 (i % 3); everything else ((i % 7) - 3) x 0.01 x (k + 1)), and recorded PyTorch's logits in
    /// tiny_unet_s_output.json (float64 from the float32 weights). Every tensor must have its rule's value, and the
    /// network PyTorch's logits: to 1e-6 of their scale (float32 rounding through six convolutions; PyTorch's own
    /// float32 logits of the larger fixture networks are within 4e-7).
    /// </summary>
    [Fact]
    public void Loads_a_file_written_by_torch_save_with_every_value_and_PyTorchs_output()
    {
        using var model = new UNetS(new UNetSConfig(1, [4, 8]));
        StateDictFile.Load(model, Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny_unet_s_state_dict.pt"));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny_unet_s_output.json")));
        var names = doc.RootElement.GetProperty("names").EnumerateArray().Select(e => e.GetString()!).ToList();
        var sd = model.state_dict();
        Assert.Equal(names.Order(), sd.Keys.Order());
        for (int k = 0; k < names.Count; k++)
        {
            var t = sd[names[k]];
            if (names[k].EndsWith("num_batches_tracked")) { Assert.Equal(5L, t.item<long>()); continue; }
            float Rule(int i) =>
                names[k].EndsWith("running_var") ? (float)(1 + 0.1 * (i % 3))
                : names[k].EndsWith(".weight") && t.dim() == 1 ? (float)(0.5 + 0.25 * (i % 3))
                : (float)(((i % 7) - 3) * 0.01 * (k + 1));
            Assert.Equal(Enumerable.Range(0, (int)t.numel()).Select(Rule), t.data<float>().ToArray());
        }

        model.eval();
        foreach (var (key, input) in new[]
        {
            ("ramp_logits", Enumerable.Range(0, 64).Select(i => (float)((5 * i % 11) / 10.0)).ToArray()),
            ("ones_logits", Enumerable.Repeat(1f, 64).ToArray()),
        })
        {
            double[] expected = doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            using var y = model.call(tensor(input, [1, 1, 8, 8]));
            float[] actual = y.data<float>().ToArray();
            double scale = expected.Max(Math.Abs);
            Assert.Equal(64, actual.Length);
            for (int i = 0; i < 64; i++) Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * scale, $"{key}[{i}]: {actual[i]} vs PyTorch {expected[i]}");
            output.WriteLine($"{key}: max |diff| {Enumerable.Range(0, 64).Max(i => Math.Abs(actual[i] - expected[i])):G3} (tolerance {1e-6 * scale:G3})");
        }
    }
}
