using System.IO.Compression;
using System.Text.Json;
using Remask.Core;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Interchange;

/// <summary>
/// Weights travel both ways between Remask and PyTorch 1.13 (Fixtures/PyTorch; the predictions of both runs are
/// compared in Prediction/PredictorPyTorchParityTests):
/// <list type="bullet">
/// <item>torch-run/model.pt was written by torch.save (interop/python/remask_unet.py's save) and loads into Remask with
/// the values torch.load reads from it (torch-run/checksums.json);</item>
/// <item>remask-run/model.pt was written by <c>remask train</c> and read by torch.load and a strict load_state_dict when
/// the fixture was made (make_remask_run.sh, check_remask_run.py); PyTorch's checksums of every tensor equal Remask's,
/// and Remask still writes that file, entry for entry.</item>
/// </list>
/// Checksums are float64 sums over the row-major elements v_i of sum v_i, sum v_i^2 and sum v_i ((i mod 7) + 1);
/// every term is exact in float64, so two summation orders differ by at most n x 2^-52 x sum |term|, and the tolerance
/// is 1e-11 x sum |term| (n &lt;= 9216 elements per tensor here).
/// </summary>
public class PyTorchInterchangeTests(ITestOutputHelper output)
{
    [Fact]
    public void A_state_dict_written_by_torch_save_loads_with_the_values_torch_load_reads()
    {
        string run = PyTorchFixture.PathOf("torch-run");
        using var model = new UNetS(ModelInfo.Read(run).Config);
        StateDictFile.Load(model, Path.Combine(run, "model.pt"));
        AssertChecksums(model, Path.Combine(run, "checksums.json"));
    }

    [Fact]
    public void A_model_pt_written_by_remask_train_is_what_torch_load_read()
    {
        string run = PyTorchFixture.PathOf("remask-run"), committed = Path.Combine(run, "model.pt");
        using var model = new UNetS(ModelInfo.Read(run).Config);
        StateDictFile.Load(model, committed);
        var rows = AssertChecksums(model, Path.Combine(run, "torch-read.json"));
        Assert.Equal(118, rows.Count); // depth 4: 9 double convs x 12 tensors, 4 transposed convs x 2, the head 2
        Assert.All(rows, r => Assert.True(r.GetProperty("contiguous").GetBoolean()));

        // The writer of today makes the file torch.load read: the same entries with the same bytes.
        using var dir = new TempDir();
        string rewritten = dir.Sub("model.pt");
        StateDictFile.Save(model, rewritten);
        var expected = Entries(committed);
        var actual = Entries(rewritten);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"entry {name} differs from the file torch.load read (regenerate with make_remask_run.sh after a deliberate format change)");
    }

    [Fact]
    public void A_state_dict_with_channels_last_storages_is_refused_with_the_remedy()
    {
        // torch.save(model.state_dict()) of a model moved to torch.channels_last keeps NHWC strides, which
        // TorchSharp.PyBridge 1.4.4 cannot read; remask_unet.save writes contiguous tensors.
        string path = PyTorchFixture.PathOf("channels_last_state_dict.pt");
        using var model = new UNetS(new UNetSConfig(1, [4, 8, 16]));
        var e = Assert.Throws<RemaskDataException>(() => StateDictFile.Load(model, path));
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains("v.contiguous()", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    /// <summary>Compares every tensor of <paramref name="model"/> with PyTorch's record; returns the records.</summary>
    private List<JsonElement> AssertChecksums(UNetS model, string json)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.GetProperty("tensors").EnumerateArray().Select(r => r.Clone()).ToList();
        var state = model.state_dict();
        Assert.Equal(rows.Select(r => r.GetProperty("name").GetString()!).Order(), state.Keys.Order());
        double worst = 0;
        foreach (var row in rows)
        {
            string name = row.GetProperty("name").GetString()!;
            var t = state[name];
            Assert.Equal(row.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), t.shape);
            Assert.Equal(row.GetProperty("dtype").GetString() switch { "float32" => ScalarType.Float32, "int64" => ScalarType.Int64, var d => throw new InvalidDataException(d) }, t.dtype);
            using var scope = NewDisposeScope();
            var v = t.detach().to(ScalarType.Float64).reshape(-1);
            var k = arange(v.shape[0], ScalarType.Float64).remainder(7).add(1);
            foreach (var (key, terms) in new[] { ("sum", v), ("sum_squares", v * v), ("weighted_sum", v * k) })
            {
                double ours = terms.sum().item<double>(), theirs = row.GetProperty(key).GetDouble();
                double bound = 1e-11 * terms.abs().sum().item<double>();
                Assert.True(Math.Abs(ours - theirs) <= bound, $"{name} {key}: Remask {ours:R}, PyTorch {theirs:R}");
                worst = Math.Max(worst, Math.Abs(ours - theirs) / Math.Max(bound / 1e-11, 1e-300));
            }
        }
        output.WriteLine($"{Path.GetFileName(Path.GetDirectoryName(json))}: {rows.Count} tensors; largest checksum difference {worst:G3} x sum |term| (tolerance 1e-11 x)");
        return rows;
    }

    /// <summary>The archive's entries by name below its top folder (torch.save names that folder after the file).</summary>
    private static Dictionary<string, byte[]> Entries(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName[(e.FullName.IndexOf('/') + 1)..], e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }
}
