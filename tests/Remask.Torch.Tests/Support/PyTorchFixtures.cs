using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Support;

/// <summary>
/// The files of Fixtures/PyTorch, written by PyTorch 1.13 (make_pytorch_fixtures.py, make_remask_run.sh): flat dicts
/// of tensors saved with torch.save, read here with TorchSharp.PyBridge. No PyTorch is needed at test time.
/// </summary>
internal sealed class PyTorchFixture : IDisposable
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch");

    public static string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);

    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private readonly string _file;

    private PyTorchFixture(string file, Hashtable loaded)
    {
        _file = file;
        foreach (DictionaryEntry e in loaded) _tensors[(string)e.Key] = (Tensor)e.Value!;
    }

    /// <summary>Opens Fixtures/PyTorch/<paramref name="relativePath"/>.</summary>
    public static PyTorchFixture Open(params string[] relativePath)
    {
        string path = PathOf(relativePath);
        using var stream = File.OpenRead(path);
        return new PyTorchFixture(path, PyTorchUnpickler.UnpickleStateDict(stream));
    }

    public Tensor this[string name] =>
        _tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"{_file} holds no tensor '{name}'");

    public IEnumerable<string> Names => _tensors.Keys;

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}

/// <summary>Comparisons with golden values that report the largest difference found (test output), so that the
/// margins under the stated tolerances stay visible.</summary>
internal static class Parity
{
    /// <summary>max |actual - expected| over all elements, computed in float64 (shapes must agree).</summary>
    public static double MaxAbsDiff(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var a = actual.detach().to(ScalarType.Float64);
        using var e = expected.detach().to(ScalarType.Float64);
        using var d = (a - e).abs().max();
        return d.item<double>();
    }

    /// <summary>max |expected| (at least 1e-30, so that an all-zero tensor gives a finite ratio).</summary>
    public static double Scale(Tensor expected)
    {
        using var e = expected.detach().to(ScalarType.Float64);
        using var m = e.abs().max();
        return Math.Max(m.item<double>(), 1e-30);
    }

    /// <summary>Asserts max |actual - expected| &lt;= <paramref name="tolerance"/>; returns the difference.</summary>
    public static double AssertAbsolute(ITestOutputHelper output, string what, Tensor actual, Tensor expected, double tolerance)
    {
        double d = MaxAbsDiff(actual, expected);
        output.WriteLine($"{what}: max |diff| {d:G3} (tolerance {tolerance:G3})");
        Assert.True(d <= tolerance, $"{what}: max |diff| {d:G6} exceeds {tolerance:G3}");
        return d;
    }

    /// <summary>Asserts max |actual - expected| &lt;= <paramref name="tolerance"/> x max |expected|; returns that ratio.</summary>
    public static double AssertRelative(ITestOutputHelper output, string what, Tensor actual, Tensor expected, double tolerance)
    {
        double scale = Scale(expected), d = MaxAbsDiff(actual, expected), r = d / scale;
        output.WriteLine($"{what}: max |diff| {d:G3} = {r:G3} x max |value| {scale:G3} (tolerance {tolerance:G3} x)");
        Assert.True(r <= tolerance, $"{what}: max |diff| {d:G6} is {r:G6} x max |value| {scale:G6}, over {tolerance:G3}");
        return r;
    }
}

/// <summary>The two U-Net-S networks of the PyTorch fixtures, with PyTorch-written weights (loaded by StateDictFile).</summary>
internal static class PyTorchNets
{
    /// <summary>"a": 3 channels, widths 8, 12, 16, 24, 32 (torch-run/model.pt); "b": 1 channel, widths 4, 8, 16 (net_b.pt).
    /// In float64 the float32 weights are converted exactly.</summary>
    public static Remask.Torch.Models.UNetS Load(string net, double dropoutP, bool float64)
    {
        var (config, file) = net switch
        {
            "a" => (new Remask.Torch.Models.UNetSConfig(3, [8, 12, 16, 24, 32], dropoutP), PyTorchFixture.PathOf("torch-run", "model.pt")),
            "b" => (new Remask.Torch.Models.UNetSConfig(1, [4, 8, 16], dropoutP), PyTorchFixture.PathOf("net_b.pt")),
            _ => throw new ArgumentException($"no network '{net}'"),
        };
        var model = new Remask.Torch.Models.UNetS(config);
        Remask.Torch.Interchange.StateDictFile.Load(model, file);
        if (float64) model.to(ScalarType.Float64);
        return model;
    }

    public static ScalarType Dtype(bool float64) => float64 ? ScalarType.Float64 : ScalarType.Float32;
}
