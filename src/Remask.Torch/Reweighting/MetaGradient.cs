using Remask.Torch.Models;
using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Reweighting;

/// <summary>
/// The meta-gradient of "Learning to reweight examples" (Ren et al., ICML 2018, eq. 4-6), per pixel as in Mirikharaji
/// et al. 2019. With per-pixel weights ε (N x 1 x S x S) on the noisy batch, the weighted loss L(θ; ε)
/// (<see cref="SegmentationLoss"/>), a virtual SGD step θ'(ε) = θ - α ∇θ L(θ; ε) and the loss L_c of a clean batch:
/// <code>
/// g = -∂ L_c(θ'(ε)) / ∂ε   at ε = 0
///   = α ∇θ L_c(θ) · ∂(∇θ L(θ; ε)) / ∂ε   (θ' = θ at ε = 0)
/// </code>
/// so g_i &gt; 0 where a step on pixel i's loss would lower the clean loss. The virtual step is taken with
/// <c>create_graph</c> through <see cref="UNetSFunctional"/> in the model's mode (training: batch statistics, running
/// statistics untouched; dropout from torch's generator). Cost: two forward passes, a backward pass that builds a
/// graph, and a double backward.
/// </summary>
public static class MetaGradient
{
    /// <summary>g (detached, the noisy targets' shape) and the clean loss at θ' (= θ).</summary>
    public static (Tensor Gradient, double CleanLoss) Compute(UNetS model, Tensor noisyImages, Tensor noisyTargets,
        Tensor cleanImages, Tensor cleanTargets, double stepSize)
    {
        using var scope = NewDisposeScope();
        var theta = UNetSFunctional.Parameters(model);
        var names = theta.Keys.ToArray();
        var eps = zeros_like(noisyTargets).requires_grad_(true);
        var noisyLoss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, theta, noisyImages), noisyTargets, eps);
        var grads = torch.autograd.grad([noisyLoss], names.Select(n => theta[n]).ToList(), retain_graph: true, create_graph: true);
        using var minusAlpha = (-stepSize).ToScalar();
        var moved = new Dictionary<string, Tensor>();
        for (int i = 0; i < names.Length; i++) moved[names[i]] = theta[names[i]].add(grads[i], minusAlpha);
        var cleanLoss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, moved, cleanImages), cleanTargets);
        var dEps = torch.autograd.grad([cleanLoss], [eps])[0];
        double clean = cleanLoss.to(ScalarType.Float64).item<double>();
        return (dEps.neg().detach().MoveToOuterDisposeScope(), clean);
    }
}
