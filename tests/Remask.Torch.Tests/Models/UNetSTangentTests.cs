using Remask.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

public class UNetSTangentTests
{
    private static double[] Values(Tensor t) => t.contiguous().data<double>().ToArray();

    /// <summary>J_z(θ) v by autograd alone, through <see cref="UNetSFunctional"/>: with the vector-Jacobian product
    /// r(u) = J_zᵀ u (taken with create_graph), J_z v = ∂⟨r(u), v⟩ / ∂u (the double-vjp trick). No tangent code.</summary>
    private static (Tensor Output, Tensor Tangent) ByAutograd(UNetS model, Dictionary<string, Tensor> theta, Dictionary<string, Tensor> v, Tensor x)
    {
        var names = theta.Keys.ToArray();
        var leaves = names.Select(k => theta[k].detach().requires_grad_(true)).ToList();
        var z = UNetSFunctional.Forward(model, names.Select((k, i) => (k, leaves[i])).ToDictionary(p => p.k, p => p.Item2), x);
        var u = zeros_like(z).requires_grad_(true);
        var r = autograd.grad([z], leaves, [u], retain_graph: true, create_graph: true, allow_unused: true);
        var inner = names.Select((k, i) => r[i] is null ? zeros(1, dtype: ScalarType.Float64).sum() : r[i].mul(v[k]).sum()).Aggregate((a, b) => a + b);
        return (z.detach(), autograd.grad([inner], [u])[0]);
    }

    /// <summary>Double precision, a random direction for every parameter, dropout on (the same generator state for both,
    /// so the same masks), both layouts, training mode (batch statistics) and evaluation mode (running statistics).</summary>
    [Theory]
    [InlineData(true, true, 3)]
    [InlineData(true, false, 1)]
    [InlineData(false, true, 1)]
    [InlineData(false, false, 3)]
    public void Tangent_pass_equals_the_directional_derivative_by_autograd(bool training, bool channelsLast, int channels)
    {
        manual_seed(7);
        using var model = new UNetS(new UNetSConfig(channels, [4, 8, 16], dropoutP: 0.3)) { ChannelsLast = channelsLast };
        model.to(ScalarType.Float64);
        var x = rand(3, channels, 32, 32, dtype: ScalarType.Float64);
        if (!training)
        {
            using (no_grad())
                foreach (var (name, buffer) in model.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")))
                    buffer.copy_(rand_like(buffer) * 0.5 + (name.EndsWith("var") ? 0.5 : -0.25));
            model.eval();
        }
        else model.train();
        var theta = UNetSFunctional.Parameters(model);
        var v = theta.ToDictionary(kv => kv.Key, kv => randn_like(kv.Value).detach());

        manual_seed(11);
        var (z, tangent) = ByAutograd(model, theta, v, x);
        manual_seed(11);
        Tensor fz, ft;
        using (no_grad()) (fz, ft) = UNetSTangent.Forward(model, theta, v, x);

        Assert.Equal(z.shape, fz.shape);
        Assert.Equal(z.shape, ft.shape);
        double[] zr = Values(z), zf = Values(fz), tr = Values(tangent), tf = Values(ft);
        double zScale = zr.Max(Math.Abs), tScale = tr.Max(Math.Abs);
        Assert.True(tScale > 1e-3, "a direction that moves the logits");
        for (int i = 0; i < zr.Length; i++)
        {
            Assert.True(Math.Abs(zr[i] - zf[i]) <= 1e-12 * zScale, $"logit {i}: {zr[i]:E12} vs {zf[i]:E12}");
            Assert.True(Math.Abs(tr[i] - tf[i]) <= 1e-10 * tScale, $"tangent {i}: {tr[i]:E12} vs {tf[i]:E12}");
        }
    }
}
