using System.Globalization;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

/// <summary>
/// <see cref="ScalarSafeAdam"/> against torch.optim.Adam of PyTorch 1.13 (Fixtures/PyTorch/adam.pt): three tensors
/// (4 x 3, 5, 2 x 2 x 3 x 3) fed the same fixed gradients for six steps (scales 1, 1e-3, 10, an all-zero gradient,
/// 1e-6, 1), with lr 1e-3 and 0.1: the parameters after every step and exp_avg, exp_avg_sq at the end. Tolerances
/// (max |diff| / max |golden|): float64 1e-12; float32 1e-6 (PyTorch's own float32 parameters are within 1.7e-7 of
/// the golden ones; a wrong bias correction or eps moves them by more than 1e-4).
/// </summary>
public class ScalarSafeAdamPyTorchParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("0.001", false)]
    [InlineData("0.001", true)]
    [InlineData("0.1", false)]
    [InlineData("0.1", true)]
    public void Six_steps_on_fixed_gradients_match_torch_optim_Adam(string lr, bool float64)
    {
        using var golden = PyTorchFixture.Open("adam.pt");
        var dtype = PyTorchNets.Dtype(float64);
        double tolerance = float64 ? 1e-12 : 1e-6;
        var parameters = Enumerable.Range(0, 3).Select(k => new Parameter(golden[$"p{k}.start"].to(dtype).clone())).ToArray();
        using var adam = new ScalarSafeAdam(parameters, double.Parse(lr, CultureInfo.InvariantCulture));
        for (int t = 1; t <= 6; t++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            // d/dp sum(p * g) = g exactly: the step sees PyTorch's gradient.
            var loss = parameters.Select((p, k) => (p * golden[$"g{k}.step{t}"].to(dtype)).sum()).Aggregate((a, b) => a + b);
            loss.backward();
            adam.step();
            for (int k = 0; k < 3; k++)
                Parity.AssertRelative(output, $"lr {lr} float64 {float64}: p{k} after step {t}", parameters[k], golden[$"lr{lr}.p{k}.step{t}"], tolerance);
        }
        var states = adam.state_dict().State.Cast<Adam.State>().ToArray();
        Assert.Equal(3, states.Length);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(6, states[k].step);
            Parity.AssertRelative(output, $"lr {lr} float64 {float64}: exp_avg of p{k}", states[k].exp_avg, golden[$"lr{lr}.p{k}.exp_avg"], tolerance);
            Parity.AssertRelative(output, $"lr {lr} float64 {float64}: exp_avg_sq of p{k}", states[k].exp_avg_sq, golden[$"lr{lr}.p{k}.exp_avg_sq"], tolerance);
        }
        foreach (var p in parameters) p.Dispose();
    }
}
