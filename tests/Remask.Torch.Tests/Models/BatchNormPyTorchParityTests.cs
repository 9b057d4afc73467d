using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

/// <summary>
/// Remask's <see cref="BatchNorm"/> against torch.nn.BatchNorm2d(5) of PyTorch 1.13 (Fixtures/PyTorch/batchnorm.pt): four
/// training-mode forwards on batches of 3 x 5 x 7 x 6 with different channel means and scales (outputs, running
/// mean, running variance with the unbiased batch variance, momentum 0.1, counter), then an evaluation forward.
/// Tolerances (max |diff| / max |golden|): float64 1e-12; float32 1e-6 (PyTorch's own float32 values are within
/// 1.3e-7 of the golden ones; a wrong momentum or a biased variance moves the statistics by more than 1e-2).
/// The float64 case runs after <c>Module.to(float64)</c>, which must leave the module's own tensor fields valid.
/// </summary>
public class BatchNormPyTorchParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_forwards_running_statistics_and_evaluation_match_BatchNorm2d(bool float64)
    {
        using var golden = PyTorchFixture.Open("batchnorm.pt");
        var dtype = PyTorchNets.Dtype(float64);
        double tolerance = float64 ? 1e-12 : 1e-6;
        using var bn = new BatchNorm(5);
        if (float64) bn.to(dtype);
        var state = bn.state_dict();
        using (no_grad())
        {
            state["weight"].copy_(golden["weight"]);
            state["bias"].copy_(golden["bias"]);
        }
        bn.train();
        using var scope = NewDisposeScope();
        for (int t = 1; t <= 4; t++)
        {
            var y = bn.call(golden[$"input{t}"].to(dtype));
            Parity.AssertRelative(output, $"BatchNorm training forward {t} (float64 {float64})", y, golden[$"out{t}"], tolerance);
            Parity.AssertRelative(output, $"running_mean after {t}", state["running_mean"], golden[$"running_mean{t}"], tolerance);
            Parity.AssertRelative(output, $"running_var after {t}", state["running_var"], golden[$"running_var{t}"], tolerance);
        }
        Assert.Equal(golden["num_batches_tracked"].item<long>(), state["num_batches_tracked"].item<long>());
        bn.eval();
        var e = bn.call(golden["eval.input"].to(dtype));
        Parity.AssertRelative(output, $"BatchNorm evaluation forward (float64 {float64})", e, golden["eval.out"], tolerance);
    }
}
