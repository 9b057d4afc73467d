using Remask.Torch.Models;
using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

/// <summary>
/// Remask's BatchNorm and ScalarSafeAdam replace TorchSharp's BatchNorm2d and Adam (whose implicit Scalars can be
/// freed during a native call, docs/training.md "Data loading"). They must compute exactly what those compute.
/// </summary>
public class ScalarSafeModulesTests
{
    private static float[] Values(Tensor t) => t.to(ScalarType.Float32).contiguous().data<float>().ToArray();

    [Fact]
    public void BatchNorm_has_the_state_dict_entries_of_torch_BatchNorm2d_in_the_same_order()
    {
        using var ours = new BatchNorm(6);
        using var theirs = nn.BatchNorm2d(6);
        var a = ours.state_dict().Select(kv => (kv.Key, string.Join("x", kv.Value.shape), kv.Value.dtype)).ToList();
        var b = theirs.state_dict().Select(kv => (kv.Key, string.Join("x", kv.Value.shape), kv.Value.dtype)).ToList();
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], a.Select(e => e.Key));
        Assert.Equal(b, a);
        Assert.Equal(["weight", "bias"], ours.named_parameters().Select(p => p.name));
        Assert.All(ours.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void BatchNorm_matches_torch_BatchNorm2d_in_training_and_evaluation_including_running_statistics()
    {
        using var ours = new BatchNorm(3);
        using var theirs = nn.BatchNorm2d(3);
        manual_seed(3);
        using (no_grad())
        {
            // Non-trivial affine parameters, the same in both.
            using var w = rand(3) + 0.5;
            using var b = randn(3);
            ours.get_parameter("weight")!.copy_(w); theirs.weight!.copy_(w);
            ours.get_parameter("bias")!.copy_(b); theirs.bias!.copy_(b);
        }
        for (int pass = 0; pass < 3; pass++)
        {
            using var x = randn(4, 3, 5, 7) * (pass + 1) + pass;
            using var yOurs = ours.call(x);
            using var yTheirs = theirs.call(x);
            Assert.Equal(Values(yTheirs), Values(yOurs));
        }
        var sdOurs = ours.state_dict();
        foreach (var (key, value) in theirs.state_dict())
            Assert.Equal(Values(value), Values(sdOurs[key]));
        Assert.Equal(3L, sdOurs["num_batches_tracked"].item<long>());

        ours.eval(); theirs.eval();
        using var test = randn(2, 3, 5, 7);
        using var eOurs = ours.call(test);
        using var eTheirs = theirs.call(test);
        Assert.Equal(Values(eTheirs), Values(eOurs));
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void BatchNorm_gradients_match_torch_BatchNorm2d()
    {
        using var ours = new BatchNorm(2);
        using var theirs = nn.BatchNorm2d(2);
        manual_seed(4);
        using var x = randn(3, 2, 4, 4);
        using var target = randn(3, 2, 4, 4);
        using var xa = x.clone().requires_grad_(true);
        using var xb = x.clone().requires_grad_(true);
        ((ours.call(xa) * target).sum()).backward();
        ((theirs.call(xb) * target).sum()).backward();
        Assert.Equal(Values(xb.grad!), Values(xa.grad!));
        Assert.Equal(Values(theirs.weight!.grad!), Values(ours.get_parameter("weight")!.grad!));
        Assert.Equal(Values(theirs.bias!.grad!), Values(ours.get_parameter("bias")!.grad!));
    }

    [Fact]
    public void ScalarSafeAdam_takes_the_steps_of_TorchSharp_Adam()
    {
        manual_seed(9);
        using var start = randn(5, 4);
        using var target = randn(5, 4);
        using var pa = new TorchSharp.Modules.Parameter(start.clone());
        using var pb = new TorchSharp.Modules.Parameter(start.clone());
        using var ours = new ScalarSafeAdam([pa], 0.05);
        using var theirs = optim.Adam([pb], 0.05);
        for (int step = 0; step < 4; step++)
        {
            foreach (var (p, opt) in new (Tensor, TorchSharp.Modules.OptimizerHelper)[] { (pa, ours), (pb, theirs) })
            {
                opt.zero_grad();
                using var loss = ((p - target).pow(2) * (step + 1)).sum();
                loss.backward();
                opt.step();
            }
            Assert.Equal(Values(pb), Values(pa));
        }
        Assert.False(Values(pa).SequenceEqual(Values(start)));
    }

    [Fact]
    public void ScalarSafeAdam_follows_the_Adam_formula_on_a_hand_computed_case()
    {
        // One parameter p = 1, loss = 3 p -> gradient 3 every step; lr 0.1, beta1 0.9, beta2 0.999, eps 1e-8.
        // Step 1: m = 0.3, v = 0.009; m_hat = 3, v_hat = 9 -> p = 1 - 0.1 * 3 / (3 + 1e-8) = 0.9 (to 1e-8).
        // Step 2: m = 0.57, v = 0.017991; m_hat = 0.57 / 0.19 = 3, v_hat = 0.017991 / 0.001999 = 9 -> p = 0.8.
        using var p = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0f }));
        using var adam = new ScalarSafeAdam([p], 0.1);
        double[] expected = [0.9, 0.8];
        foreach (double e in expected)
        {
            adam.zero_grad();
            using var loss = (p * 3).sum();
            loss.backward();
            adam.step();
            Assert.Equal(e, p.item<float>(), 5);
        }
    }
}
