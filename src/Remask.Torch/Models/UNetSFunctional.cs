using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// U-Net-S's forward pass with its parameters given as explicit tensors, so that a pass at θ' = θ - α ∇θ L (a
/// virtual SGD step taken with <c>create_graph</c>) can be differentiated through. TorchSharp has no
/// <c>functional_call</c>; this is the module's <see cref="UNetS.forward"/> written out layer by layer.
/// <para>
/// The parameters dictionary maps every name of <c>model.named_parameters()</c> (<c>down.0.0.weight</c>,
/// <c>down.0.1.bias</c>, <c>up.0.weight</c>, <c>head.bias</c>...) to a tensor of the same shape; the model supplies
/// only its configuration, its mode and (in evaluation mode) its BatchNorm running statistics.
/// </para>
/// <list type="bullet">
/// <item>training mode: BatchNorm normalises with the batch's statistics, exactly as a training step does, but the
/// running statistics and <c>num_batches_tracked</c> are left as they are; spatial dropout draws its masks from
/// torch's generator in the module's order (so with the same generator state the output equals the module's);</item>
/// <item>evaluation mode: BatchNorm uses the running statistics (read only), no dropout. Monte Carlo dropout is not
/// supported.</item>
/// </list>
/// Input N x C x H x W, output N x 1 x H x W logits (contiguous NCHW), as the module.
/// </summary>
public static class UNetSFunctional
{
    /// <summary>The model's own parameters by name (the tensors themselves, not copies).</summary>
    public static Dictionary<string, Tensor> Parameters(UNetS model) =>
        model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    public static Tensor Forward(UNetS model, IReadOnlyDictionary<string, Tensor> parameters, Tensor input)
    {
        if (model.DropoutAtInference) throw new NotSupportedException("the functional forward does not do Monte Carlo dropout");
        var config = model.Config;
        if (input.dim() != 4 || input.shape[1] != config.InChannels)
            throw new ArgumentException($"U-Net-S expects N x {config.InChannels} x H x W input, got [{string.Join(", ", input.shape)}]");
        using var scope = NewDisposeScope();
        var f = new Pass(model, parameters);
        int depth = config.Depth;
        var skips = new Tensor[depth];
        Tensor x = model.ChannelsLast ? UNetS.ToChannelsLast(input) : input;
        for (int i = 0; i < depth; i++)
        {
            skips[i] = f.DoubleConv($"down.{i}", x);
            x = nn.functional.max_pool2d(skips[i], 2);
        }
        x = f.Dropout(f.DoubleConv("bottleneck", x));
        for (int j = 0; j < depth; j++)
        {
            var upsampled = nn.functional.conv_transpose2d(x, f.P($"up.{j}.weight"), f.P($"up.{j}.bias"), strides: [2, 2]);
            x = f.Dropout(f.DoubleConv($"dec.{j}", cat([skips[depth - 1 - j], upsampled], 1)));
        }
        var logits = f.Conv(x, "head", padding: 0, bias: true);
        return (model.ChannelsLast ? logits.contiguous() : logits).MoveToOuterDisposeScope();
    }

    /// <summary>One forward pass: the parameters, the model's mode and buffers.</summary>
    private sealed class Pass(UNetS model, IReadOnlyDictionary<string, Tensor> parameters)
    {
        private readonly bool _training = model.training;
        private readonly Dictionary<string, Tensor> _buffers = model.training ? [] : model.named_buffers().ToDictionary(b => b.name, b => b.buffer);

        public Tensor P(string name) => parameters.TryGetValue(name, out var t) ? t
            : throw new ArgumentException($"no tensor for parameter '{name}'", nameof(parameters));

        /// <summary>3x3 conv (no bias), BatchNorm, ReLU, twice: the Sequential's entries 0, 1 and 3, 4.</summary>
        public Tensor DoubleConv(string prefix, Tensor x)
        {
            x = nn.functional.relu(BatchNorm($"{prefix}.1", Conv(x, $"{prefix}.0", padding: 1, bias: false)));
            return nn.functional.relu(BatchNorm($"{prefix}.4", Conv(x, $"{prefix}.3", padding: 1, bias: false)));
        }

        /// <summary>A convolution; in channels-last mode its output is put back into channels-last as the module does.</summary>
        public Tensor Conv(Tensor x, string prefix, long padding, bool bias)
        {
            var y = nn.functional.conv2d(x, P($"{prefix}.weight"), bias ? P($"{prefix}.bias") : null, padding: [padding, padding]);
            return model.ChannelsLast ? UNetS.ToChannelsLast(y) : y;
        }

        /// <summary>Training: batch statistics, nothing stored (no running tensors are passed). Evaluation: running statistics.</summary>
        public Tensor BatchNorm(string prefix, Tensor x) => _training
            ? nn.functional.batch_norm(x, null, null, P($"{prefix}.weight"), P($"{prefix}.bias"), true, Models.BatchNorm.Momentum, Models.BatchNorm.Eps)
            : nn.functional.batch_norm(x, _buffers[$"{prefix}.running_mean"], _buffers[$"{prefix}.running_var"],
                P($"{prefix}.weight"), P($"{prefix}.bias"), false, Models.BatchNorm.Momentum, Models.BatchNorm.Eps);

        public Tensor Dropout(Tensor x) =>
            _training && model.Config.DropoutP > 0 ? nn.functional.dropout2d(x, model.Config.DropoutP, training: true) : x;
    }
}
