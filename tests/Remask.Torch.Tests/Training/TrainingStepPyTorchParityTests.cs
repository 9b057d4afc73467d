using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

/// <summary>
/// Three steps of the trainer (<see cref="TrainingStep"/>: training-mode forward, BCE + soft Dice, backward,
/// ScalarSafeAdam with lr 1e-3) on network a from PyTorch's weights, against the same three steps in PyTorch 1.13
/// (Fixtures/PyTorch/training.pt, float64): the loss of every step and the whole state_dict afterwards: parameters,
/// BatchNorm running statistics and counters.
/// <para>Float64: 1e-9 of each tensor's scale. Float32 compares the losses (1e-5) and the running statistics (1e-4)
/// but the parameters only to 3 lr: Adam's first steps move a parameter by about lr x sign(gradient), so where a
/// gradient is near zero its float32 rounding decides the direction. PyTorch's own float32 run ends up to 9.9e-4
/// (about lr) from its float64 run; the float64 case is the check of the function.</para>
/// </summary>
public class TrainingStepPyTorchParityTests(ITestOutputHelper output)
{
    private const double LearningRate = 1e-3;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Three_training_steps_reach_the_weights_and_statistics_of_PyTorch(bool float64)
    {
        using var golden = PyTorchFixture.Open("training.pt");
        using var model = PyTorchNets.Load("a", 0.0, float64);
        model.train();
        using var adam = new ScalarSafeAdam(model.parameters(), LearningRate);
        var dtype = PyTorchNets.Dtype(float64);
        for (int s = 1; s <= 3; s++)
        {
            using var scope = NewDisposeScope();
            var loss = TrainingStep.Take(model, adam, golden[$"step{s}.input"].to(dtype), golden[$"step{s}.targets"].to(dtype));
            Parity.AssertRelative(output, $"loss of step {s} (float64 {float64})", loss.detach().reshape(1), golden[$"step{s}.loss"], float64 ? 1e-12 : 1e-5);
        }
        var state = model.state_dict();
        Assert.Equal(golden.Names.Count(n => n.StartsWith("state.", StringComparison.Ordinal)), state.Count);
        double worstParameter = 0;
        foreach (var (name, t) in state)
        {
            var expected = golden["state." + name];
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) Assert.Equal(expected.item<long>(), t.item<long>());
            else if (float64) Parity.AssertRelative(output, $"{name} after 3 steps (float64)", t, expected, 1e-9);
            else if (name.Contains("running_")) Parity.AssertRelative(output, $"{name} after 3 steps (float32)", t, expected, 1e-3);
            else worstParameter = Math.Max(worstParameter, Parity.AssertAbsolute(output, $"{name} after 3 steps (float32)", t, expected, 3 * LearningRate));
        }
        output.WriteLine($"largest parameter difference after 3 steps (float64 {float64}): {worstParameter:G3}");
    }
}
