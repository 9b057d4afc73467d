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
        using var two = 2.0.ToScalar();
        using var eps = BatchNorm.Eps.ToScalar();
        var f = new Pass(model, parameters, direction, one, two, eps);
        int depth = config.Depth;
        var skips = new Dual[depth];
        var x = new Dual(model.ChannelsLast ? UNetS.ToChannelsLast(input) : input, null);
        for (int i = 0; i < depth; i++)
        {
            skips[i] = f.DoubleConv($"down.{i}", x);
            x = Pass.MaxPool(skips[i]);
        }
        x = f.Dropout(f.DoubleConv("bottleneck", x));
        for (int j = 0; j < depth; j++)
        {
            var up = f.ConvTranspose(x, $"up.{j}");
            var skip = skips[depth - 1 - j];
            x = f.Dropout(f.DoubleConv($"dec.{j}", new Dual(cat([skip.V, up.V], 1), cat([skip.T!, up.T!], 1))));
        }
        var head = f.Conv(x, "head", padding: 0, bias: true);
        return (head.V.contiguous().MoveToOuterDisposeScope(), head.T!.contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>A value and its tangent (null: zero, as for the input image).</summary>
    private readonly record struct Dual(Tensor V, Tensor? T);

    private sealed class Pass(UNetS model, IReadOnlyDictionary<string, Tensor> parameters, IReadOnlyDictionary<string, Tensor> direction,
        Scalar one, Scalar two, Scalar eps)
    {
        private readonly Dictionary<string, Tensor> _buffers = model.training ? [] : model.named_buffers().ToDictionary(b => b.name, b => b.buffer);

        private static Tensor Get(IReadOnlyDictionary<string, Tensor> d, string name, string what) =>
            d.TryGetValue(name, out var t) ? t : throw new ArgumentException($"no {what} for parameter '{name}'");

        private Tensor P(string name) => Get(parameters, name, "tensor");
        private Tensor D(string name) => Get(direction, name, "direction");

        private Tensor Layout(Tensor t) => model.ChannelsLast ? UNetS.ToChannelsLast(t) : t;

        public Dual DoubleConv(string prefix, Dual x)
        {
            x = Relu(BatchNorm($"{prefix}.1", Conv(x, $"{prefix}.0", padding: 1, bias: false)));
            return Relu(BatchNorm($"{prefix}.4", Conv(x, $"{prefix}.3", padding: 1, bias: false)));
        }

        public Dual Conv(Dual x, string prefix, long padding, bool bias)
        {
            long[] pad = [padding, padding];
            var v = nn.functional.conv2d(x.V, P($"{prefix}.weight"), bias ? P($"{prefix}.bias") : null, padding: pad);
            var t = nn.functional.conv2d(x.V, D($"{prefix}.weight"), bias ? D($"{prefix}.bias") : null, padding: pad);
            if (x.T is not null) t = t.add(nn.functional.conv2d(x.T, P($"{prefix}.weight"), null, padding: pad), one);
            return new Dual(Layout(v), Layout(t));
        }

        public Dual ConvTranspose(Dual x, string prefix)
        {
            long[] stride = [2, 2];
            var v = nn.functional.conv_transpose2d(x.V, P($"{prefix}.weight"), P($"{prefix}.bias"), strides: stride);
            var t = nn.functional.conv_transpose2d(x.V, D($"{prefix}.weight"), D($"{prefix}.bias"), strides: stride)
                .add(nn.functional.conv_transpose2d(x.T!, P($"{prefix}.weight"), null, strides: stride), one);
            return new Dual(v, t);
        }

        public Dual BatchNorm(string prefix, Dual x)
        {
            long[] dims = [0, 2, 3];
            long channels = x.V.shape[1];
            Tensor Channel(Tensor t) => t.view(1, channels, 1, 1);
            var gamma = Channel(P($"{prefix}.weight"));
            Tensor centred, sigma, tangent;
            if (model.training)
            {
                centred = x.V.sub(x.V.mean(dims, keepdim: true));
                sigma = centred.mul(centred).mean(dims, keepdim: true).add(eps, one).sqrt();
                var varianceDot = centred.mul(x.T!).mean(dims, keepdim: true).mul(two);
                var xHat0 = centred.div(sigma);
                tangent = x.T!.sub(x.T!.mean(dims, keepdim: true)).sub(xHat0.mul(varianceDot).div(sigma.mul(two))).div(sigma);
            }
            else
            {
                centred = x.V.sub(Channel(_buffers[$"{prefix}.running_mean"]));
                sigma = Channel(_buffers[$"{prefix}.running_var"]).add(eps, one).sqrt();
                tangent = x.T!.div(sigma);
            }
            var xHat = centred.div(sigma);
            var v = xHat.mul(gamma).add(Channel(P($"{prefix}.bias")), one);
            var t = xHat.mul(Channel(D($"{prefix}.weight"))).add(tangent.mul(gamma), one).add(Channel(D($"{prefix}.bias")), one);
            return new Dual(v, t);
        }

        /// <summary>ReLU; the tangent passes where x &gt; 0 (sign(x) clipped at 0 is that indicator).</summary>
        private static Dual Relu(Dual x) => new(x.V.relu(), x.T!.mul(x.V.sign().relu()));

        public static Dual MaxPool(Dual x)
        {
            var (v, indices) = nn.functional.max_pool2d_with_indices(x.V, [2, 2]);
            var t = x.T!.flatten(2).gather(2, indices.flatten(2)).view_as(v);
            return new Dual(v, t);
        }

        public Dual Dropout(Dual x)
        {
            if (!model.training || model.Config.DropoutP == 0) return x;
            var mask = nn.functional.dropout2d(ones(x.V.shape[0], x.V.shape[1], 1, 1, dtype: x.V.dtype), model.Config.DropoutP, training: true);
            return new Dual(x.V.mul(mask), x.T!.mul(mask));
        }
    }
}
