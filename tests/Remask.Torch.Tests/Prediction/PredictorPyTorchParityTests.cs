using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Prediction;
using Remask.Torch.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Prediction;

/// <summary>
/// <c>remask predict</c> (the <see cref="Predictor"/>) gives the probabilities that interop/python/remask_unet.py's
/// predict computes in PyTorch 1.13 on the same PNG files (Fixtures/PyTorch/images: 48 x 48, 61 x 37, 20 x 30 and
/// 130 x 97 pixels, so the resizing to and from the training size runs both ways), for a model trained in PyTorch
/// (torch-run, training size 48) and one written by <c>remask train</c> (remask-run, size 32).
/// <para>Tolerance 1e-5 on probabilities, the promise of remask_unet.py: both sides compute in float32 with different
/// convolution kernels and resize arithmetic (PyTorch's float32 prediction is up to 4e-7 from its float64 one). The
/// 16-bit PNG written holds round(p x 65535), within one step of PyTorch's p.</para>
/// </summary>
public class PredictorPyTorchParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("torch-run", "predictions.pt")]
    [InlineData("remask-run", "torch-predictions.pt")]
    public void Predicts_what_PyTorch_predicts_with_the_same_model(string run, string predictions)
    {
        var files = SampleFileNames.ImagesIn(PyTorchFixture.PathOf("images"));
        Assert.Equal(4, files.Count);
        var set = new FileSampleSet(files.Select(f => new SampleRef(Path.GetFileNameWithoutExtension(f), f, null)).ToList(), ForegroundRule.AnyPositive);
        using var golden = PyTorchFixture.Open(run, predictions);
        using var predictor = Predictor.Load(PyTorchFixture.PathOf(run));
        var all = predictor.PredictAll(set, batchSize: 3).ToList(); // a full and a partial batch
        Assert.Equal(4, all.Count);
        foreach (var p in all)
        {
            using var scope = NewDisposeScope();
            var expected = golden[p.Name];
            var ours = tensor(p.Probabilities, [p.Height, p.Width]);
            Parity.AssertAbsolute(output, $"{run} {p.Name} ({p.Width} x {p.Height}) vs PyTorch float32", ours, expected, 1e-5);
            if (golden.Names.Contains(p.Name + ".f64"))
                Parity.AssertAbsolute(output, $"{run} {p.Name} vs PyTorch float64", ours, golden[p.Name + ".f64"], 1e-5);
            // The mask is p >= 0.5 (except where PyTorch's p is within the tolerance of the threshold).
            var theirs = expected.data<float>().ToArray();
            for (int i = 0; i < theirs.Length; i++)
                if (Math.Abs(theirs[i] - 0.5f) > 1e-5f) Assert.Equal(theirs[i] >= 0.5f, p.Mask.Pixels[i] == 1);
        }

        using var dir = new TempDir();
        predictor.WriteAll(set, dir.Sub("out"), overwrite: false);
        foreach (var p in all)
        {
            var raster = ImageFiles.ReadRaster(Path.Combine(dir.Sub("out"), "probabilities", p.Name + ".png"));
            var theirs = golden[p.Name].data<float>().ToArray();
            for (int i = 0; i < theirs.Length; i++)
                Assert.InRange(raster.Samples[i] - Math.Round(theirs[i] * 65535.0), -1, 1);
        }
    }
}
