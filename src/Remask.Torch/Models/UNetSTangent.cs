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
/// Layout: a value and its tangent travel as one 2N x C x H x W tensor, the N rows of x above the N rows of ẋ, so that
/// one convolution gives conv(x, W) and conv(ẋ, W) together (the conv of the pair with W, then conv(x, Ẇ) added to the
/// lower half: two convolutions per layer where three separate ones were), concatenating skips concatenates both at
/// once, and BatchNorm, ReLU and dropout work in place on the halves (<see cref="UNetSTangentLayers"/>).
/// </para>
/// The pass builds no autograd graph (run it under <c>no_grad</c> or with tensors that do not require gradients).
/// </summary>
public static class UNetSTangent
{
    public static (Tensor Output, Tensor Tangent) Forward(UNetS model, IReadOnlyDictionary<string, Tensor> parameters,
        IReadOnlyDictionary<string, Tensor> direction, Tensor input)
    {
        if (model.DropoutAtInference) throw new NotSupportedException("the tangent pass does not do Monte Carlo dropout");
        var config = model.Config;
        if (input.dim() != 4 || input.shape[1] != config.InChannels)
            throw new ArgumentException($"U-Net-S expects N x {config.InChannels} x H x W input, got [{string.Join(", ", input.shape)}]");
        using var scope = NewDisposeScope();
        // Explicit Scalars, alive for the whole pass (docs/training.md, "Data loading").
        using var one = 1.0.ToScalar();
        using var eps = BatchNorm.Eps.ToScalar();
        using var zero = 0.0.ToScalar();
        var f = new UNetSTangentLayers(model, parameters, direction, input.shape[0], one, eps, zero);
        int depth = config.Depth;
        var skips = new Tensor[depth];
        // Every intermediate is freed as soon as it is used (the skips when the decoder has taken them): a pass with
        // tangents would otherwise hold about three times the activations a training step saves.
        Tensor? pooled = null;
        for (int i = 0; i < depth; i++)
        {
            skips[i] = pooled is null
                ? f.DoubleConv("down.0", model.ChannelsLast ? UNetS.ToChannelsLast(input) : input, inputHasTangent: false)
                : f.DoubleConv($"down.{i}", pooled);
            pooled?.Dispose();
            pooled = f.MaxPool(skips[i]);
        }
        var x = f.Dropout(f.DoubleConv("bottleneck", pooled!));
        pooled!.Dispose();
        for (int j = 0; j < depth; j++)
        {
            using var up = f.ConvTranspose($"up.{j}", x);
            x.Dispose();
            var skip = skips[depth - 1 - j];
            using var joined = cat([skip, up], 1);
            skip.Dispose();
            x = f.Dropout(f.DoubleConv($"dec.{j}", joined));
        }
        using var head = f.Conv(x, "head", padding: 0, bias: true);
        x.Dispose();
        long n = input.shape[0];
        return (head.narrow(0, 0, n).contiguous().MoveToOuterDisposeScope(), head.narrow(0, n, n).contiguous().MoveToOuterDisposeScope());
    }
}
