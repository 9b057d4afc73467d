using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// Forward-mode differentiation of U-Net-S with respect to its parameters: for parameters θ and a direction v (both
/// by the names of <c>model.named_parameters()</c>, as in <see cref="UNetSFunctional"/>) it returns the logits z(θ)
/// and their directional derivative ż = J_z(θ) v = d/dt z(θ + t v) at t = 0, both N x 1 x H x W, in one pass that
/// carries a tangent beside every activation. libtorch has forward-mode AD but TorchSharp does not expose it; the
/// reweighting method needs exactly this product (<see cref="Reweighting.MetaGradient"/>), and a pass with tangents
/// costs about two forward passes where the double backward of the virtual-step formulation costs several.
/// <para>
/// Rules, layer by layer (x the input, ẋ its tangent, W, Ẇ a weight and its direction):
/// conv(x, W) gives conv(ẋ, W) + conv(x, Ẇ) (the same for the transposed convolution; a bias adds ḃ);
/// ReLU gives ẋ · [x &gt; 0]; 2x2 max-pool takes ẋ at the argmax; concatenation concatenates tangents; dropout
/// multiplies both by the same mask (drawn from torch's generator in training mode);
/// BatchNorm in training mode, with μ, σ² the batch's per-channel mean and (biased) variance, x̂ = (x - μ) / σ,
/// σ = sqrt(σ² + eps): μ̇ = mean(ẋ), σ̇² = 2 mean((x - μ) ẋ), dx̂ = (ẋ - μ̇ - x̂ σ̇² / (2σ)) / σ, output γ x̂ + β with
/// tangent γ̇ x̂ + γ dx̂ + β̇ (running statistics neither used nor updated); in evaluation mode σ and μ are the running
/// statistics and dx̂ = ẋ / σ.
/// </para>
/// <para>
/// The pass takes the values from a <see cref="ForwardRecord"/> of the same forward pass (<see cref="Along"/>): the
/// training step's own forward (the reweighting method) or one run here (<see cref="Forward"/>), so only the tangents are
/// computed, two convolutions per layer (conv(ẋ, W) and conv(x, Ẇ)), BatchNorm's, ReLU's and dropout's rules in place.
/// </para>
/// The pass builds no autograd graph (run it under <c>no_grad</c> or with tensors that do not require gradients).
/// </summary>
internal static class UNetSTangent
{
    /// <summary>The logits z(θ) and ż, by a forward pass of <see cref="UNetSFunctional"/> (running statistics untouched,
    /// dropout masks from torch's generator) and <see cref="Along"/>.</summary>
    public static (Tensor Output, Tensor Tangent) Forward(UNetS model, IReadOnlyDictionary<string, Tensor> parameters,
        IReadOnlyDictionary<string, Tensor> direction, Tensor input)
    {
        using var record = new ForwardRecord();
        Tensor output;
        using (no_grad()) output = UNetSFunctional.Forward(model, parameters, input, record);
        return (output, Along(model, parameters, direction, record));
    }

    /// <summary>ż (N x 1 x H x W, contiguous) of the forward pass that filled <paramref name="record"/>, with the same
    /// parameters and the model in the same mode.</summary>
    public static Tensor Along(UNetS model, IReadOnlyDictionary<string, Tensor> parameters, IReadOnlyDictionary<string, Tensor> direction,
        ForwardRecord record)
    {
        if (model.DropoutAtInference) throw new NotSupportedException("the tangent pass does not do Monte Carlo dropout");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Explicit Scalars, alive for the whole pass (docs/training.md, "Data loading").
        using var one = 1.0.ToScalar();
        using var eps = BatchNorm.Eps.ToScalar();
        using var zero = 0.0.ToScalar();
        var f = new UNetSTangentLayers(model, parameters, direction, record, one, eps, zero);
        int depth = model.Config.Depth;
        var skips = new Tensor[depth];
        // Every tangent is freed as soon as it is used (the skips' when the decoder has taken them).
        Tensor? pooled = null;
        for (int i = 0; i < depth; i++)
        {
            skips[i] = f.DoubleConv($"down.{i}", pooled);
            pooled?.Dispose();
            pooled = f.MaxPool(skips[i], i);
        }
        var x = f.Dropout(f.DoubleConv("bottleneck", pooled), 0);
        pooled!.Dispose();
        for (int j = 0; j < depth; j++)
        {
            using var up = f.ConvTranspose($"up.{j}", x);
            x.Dispose();
            var skip = skips[depth - 1 - j];
            using var joined = cat([skip, up], 1);
            skip.Dispose();
            x = f.Dropout(f.DoubleConv($"dec.{j}", joined), j + 1);
        }
        using var head = f.Conv(x, "head", padding: 0, bias: true);
        x.Dispose();
        return head.contiguous().MoveToOuterDisposeScope();
    }
}
