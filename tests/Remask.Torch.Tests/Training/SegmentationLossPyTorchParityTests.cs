using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

/// <summary>
/// BCE + soft Dice (<see cref="SegmentationLoss"/>) and its gradients against PyTorch 1.13's autograd of the formula
/// docs/training.md states (Fixtures/PyTorch/loss.pt, make_pytorch_fixtures.seg_loss), golden values in float64.
/// <list type="bullet">
/// <item>the loss alone on 3 x 1 x 9 x 7 logits (some saturated: +-25, 40, -18), targets with one empty image and
/// pixel weights with zeros: the value, d loss / d logits and, weighted, d loss / d weights (the reweighting
/// meta-gradient). Tolerances (max |diff| / max |golden|): float64 1e-12; float32 1e-6 (PyTorch's own float32: 1.8e-7);</item>
/// <item>through network a in training mode (BatchNorm batch statistics, dropout 0) on 2 x 3 x 48 x 80 images, with
/// and without weights: the loss and the gradients of ten parameters from the first convolution to the head. Float64
/// 1e-9; float32 2e-3: the gradient of the first convolution sums 7680 pixels' contributions through eight
/// BatchNorm backward passes, whose mean subtraction cancels most of it; PyTorch's own float32 gradients are up to
/// 1.7e-3 of their scale from the golden ones (the bottleneck's BatchNorm weight, whose gradient is 1.6e-5).</item>
/// </list>
/// </summary>
public class SegmentationLossPyTorchParityTests(ITestOutputHelper output)
{
    public static TheoryData<bool, bool> Cases() => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_its_gradients_with_respect_to_logits_and_weights_match_PyTorch(bool weighted, bool float64)
    {
        using var golden = PyTorchFixture.Open("loss.pt");
        var dtype = PyTorchNets.Dtype(float64);
        double tolerance = float64 ? 1e-12 : 1e-6;
        using var scope = NewDisposeScope();
        var logits = golden["logits"].to(dtype).detach().requires_grad_();
        var weights = weighted ? golden["weights"].to(dtype).detach().requires_grad_() : null;
        var loss = SegmentationLoss.Compute(logits, golden["targets"].to(dtype), weights);
        loss.backward();
        string tag = weighted ? ".weighted" : "", what = $"(weighted {weighted}, float64 {float64})";
        Parity.AssertRelative(output, $"loss {what}", loss.reshape(1), golden["loss" + tag], tolerance);
        Parity.AssertRelative(output, $"d loss / d logits {what}", logits.grad!, golden["grad.logits" + tag], tolerance);
        if (weighted) Parity.AssertRelative(output, $"d loss / d weights {what}", weights!.grad!, golden["grad.weights"], tolerance);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parameter_gradients_through_the_network_match_PyTorch(bool weighted, bool float64)
    {
        using var golden = PyTorchFixture.Open("loss.pt");
        using var inputs = PyTorchFixture.Open("forward.pt");
        using var model = PyTorchNets.Load("a", 0.0, float64);
        model.train();
        var dtype = PyTorchNets.Dtype(float64);
        using var scope = NewDisposeScope();
        var loss = SegmentationLoss.Compute(model.call(inputs["a.input"].to(dtype)), golden["net.targets"].to(dtype),
            weighted ? golden["net.weights"].to(dtype) : null);
        loss.backward();
        string tag = weighted ? "net.weighted" : "net", what = $"(weighted {weighted}, float64 {float64})";
        Parity.AssertRelative(output, $"network loss {what}", loss.reshape(1), golden[tag + ".loss"], float64 ? 1e-12 : 1e-6);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var names = golden.Names.Where(n => n.StartsWith(tag + ".grad.", StringComparison.Ordinal) && !n.EndsWith(".f32", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, names.Count);
        foreach (string name in names)
        {
            string parameter = name[(tag.Length + ".grad.".Length)..];
            Parity.AssertRelative(output, $"d loss / d {parameter} {what}", parameters[parameter].grad!, golden[name], float64 ? 1e-9 : 2e-3);
        }
    }
}
