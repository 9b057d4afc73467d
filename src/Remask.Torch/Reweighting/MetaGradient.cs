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
///   = α (∇θ L_c(θ))ᵀ ∇θ ℓ(θ),   ℓ = ∂L / ∂ε at ε = 0 (pixel i's share of the loss; θ' = θ at ε = 0)
/// </code>
/// so g_i &gt; 0 where a step on pixel i's loss would lower the clean loss. Two ways to the same numbers:
/// <list type="bullet">
/// <item><see cref="VirtualStep"/>: the formulation as written, the virtual step taken with <c>create_graph</c> through
/// <see cref="UNetSFunctional"/>, the clean loss at θ', then ∂/∂ε (a double backward through the noisy batch's
/// graph). The reference.</item>
/// <item><see cref="Compute"/> (what training uses, in two parts: <see cref="CleanDirection"/> before the step and
/// <see cref="Along"/> on the step's own forward pass): v = ∇θ L_c(θ) by a plain backward pass on the clean batch, then
/// the directional derivative of the logits along v by one pass with tangents (<see cref="UNetSTangent"/>), and
/// g = α J_ℓ(z) ż, where J_ℓ(z) is the Jacobian of ℓ with respect to the logits z (taken by autograd on the loss
/// alone, so the loss's formula is not written twice). About half the time on the CPU, where the double backward
/// through convolutions and BatchNorm is slow, and less memory (docs/reweighting.md, "Cost").</item>
/// </list>
/// Both run the network in the model's mode (training: batch statistics, running statistics untouched; dropout
/// from torch's generator). A test shows that they agree, and that <see cref="VirtualStep"/> matches finite differences.
/// </summary>
internal static class MetaGradient
{
    /// <summary>g by the virtual step (detached, the noisy targets' shape) and the clean loss at θ' (= θ).</summary>
    public static (Tensor Gradient, double CleanLoss) VirtualStep(UNetS model, Tensor noisyImages, Tensor noisyTargets,
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
        return (dEps.neg().detach().MoveToOuterDisposeScope(), Value(cleanLoss));
    }

    /// <summary>g by forward mode (detached, the noisy targets' shape) and the clean loss at θ: <see cref="CleanDirection"/>,
    /// a forward pass over the noisy batch (running statistics untouched), then <see cref="Along"/>.</summary>
    public static (Tensor Gradient, double CleanLoss) Compute(UNetS model, Tensor noisyImages, Tensor noisyTargets,
        Tensor cleanImages, Tensor cleanTargets, double stepSize)
    {
        using var scope = NewDisposeScope();
        var (v, cleanLoss) = CleanDirection(model, cleanImages, cleanTargets);
        using var record = new ForwardRecord();
        Tensor logits;
        using (no_grad()) logits = UNetSFunctional.Forward(model, UNetSFunctional.Parameters(model), noisyImages, record);
        return (Along(model, v, record, logits, noisyTargets, stepSize).MoveToOuterDisposeScope(), cleanLoss);
    }

    /// <summary>v = ∇θ L_c(θ) by parameter name (detached), and L_c(θ): a forward and backward pass of the clean batch
    /// through <see cref="UNetSFunctional"/> in the model's mode (running statistics untouched).</summary>
    public static (Dictionary<string, Tensor> Direction, double CleanLoss) CleanDirection(UNetS model, Tensor cleanImages, Tensor cleanTargets)
    {
        using var scope = NewDisposeScope();
        var theta = UNetSFunctional.Parameters(model);
        var names = theta.Keys.ToArray();
        var cleanLoss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, theta, cleanImages), cleanTargets);
        var v = torch.autograd.grad([cleanLoss], names.Select(n => theta[n]).ToList());
        return (names.Select((n, i) => (n, v[i].detach().MoveToOuterDisposeScope())).ToDictionary(p => p.n, p => p.Item2), Value(cleanLoss));
    }

    /// <summary>
    /// g = α J_ℓ(z) ż (detached, the noisy targets' shape) for the noisy batch whose forward pass at θ gave
    /// <paramref name="logits"/> z and filled <paramref name="record"/> (the model unchanged since, in the same mode):
    /// ż = J_z(θ) v by <see cref="UNetSTangent.Along"/>, and J_ℓ(z), ℓ(z) = ∂L/∂ε at ε = 0 as a function of the logits,
    /// by autograd on the loss alone (J_ℓ(z) ż = ∂/∂u ⟨J_ℓᵀ u, ż⟩, the double-vjp trick), so the loss's formula is not
    /// written a second time.
    /// </summary>
    public static Tensor Along(UNetS model, IReadOnlyDictionary<string, Tensor> direction, ForwardRecord record, Tensor logits,
        Tensor noisyTargets, double stepSize)
    {
        using var scope = NewDisposeScope();
        var tangent = UNetSTangent.Along(model, UNetSFunctional.Parameters(model), direction, record);
        using var enableGrad = enable_grad();
        var z = logits.detach().requires_grad_(true);
        var eps = zeros_like(noisyTargets).requires_grad_(true);
        var share = torch.autograd.grad([SegmentationLoss.Compute(z, noisyTargets, eps)], [eps], retain_graph: true, create_graph: true)[0];
        var u = zeros_like(share).requires_grad_(true);
        var transposed = torch.autograd.grad([share], [z], [u], retain_graph: true, create_graph: true)[0];
        var product = torch.autograd.grad([transposed], [u], [tangent])[0];
        using var alpha = stepSize.ToScalar();
        return product.mul(alpha).detach().MoveToOuterDisposeScope();
    }

    private static double Value(Tensor loss) => loss.to(ScalarType.Float64).item<double>();
}
