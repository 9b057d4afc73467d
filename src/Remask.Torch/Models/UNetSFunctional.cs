using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// U-Net-S's forward pass with its parameters given as explicit tensors, so that a pass at θ' = θ - α ∇θ L (a
/// virtual SGD step taken with <c>create_graph</c>) can be differentiated through. TorchSharp has no
/// <c>functional_call</c>; this is the module's <see cref="UNetS.forward"/> written out layer by layer.
/// <para>
/// The parameters dictionary maps every name of <c>model.named_parameters()</c> (<c>down.0.0.weight</c>,
/// <c>down.0.1.bias</c>, <c>up.0.weight</c>, <c>head.bias</c>...) to a tensor of the same shape; the model supplies
/// only its configuration, its mode and its BatchNorm buffers.
/// </para>
/// <list type="bullet">
/// <item>training mode: BatchNorm normalises with the batch's statistics, exactly as a training step does; the
/// running statistics and <c>num_batches_tracked</c> are left as they are unless <c>updateRunningStatistics</c> is set,
/// in which case they move exactly as the module's forward moves them (once). Spatial dropout draws its masks from
/// torch's generator in the module's order (so with the same generator state the output equals the module's);</item>
/// <item>evaluation mode: BatchNorm uses the running statistics (read only), no dropout. Monte Carlo dropout is not
/// supported.</item>
/// </list>
/// With a <see cref="ForwardRecord"/>, the pass also leaves in it what <see cref="UNetSTangent.Along"/> needs (the same
/// values: a dropout mask is drawn as N x C x 1 x 1, as torch's dropout2d draws it, and multiplied in).
/// Input N x C x H x W, output N x 1 x H x W logits (contiguous NCHW), as the module.
/// </summary>
internal static class UNetSFunctional
{
    /// <summary>The model's own parameters by name (the tensors themselves, not copies).</summary>
    public static Dictionary<string, Tensor> Parameters(UNetS model) =>
        model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    public static Tensor Forward(UNetS model, IReadOnlyDictionary<string, Tensor> parameters, Tensor input,
        ForwardRecord? record = null, bool updateRunningStatistics = false)
    {
        if (model.DropoutAtInference) throw new NotSupportedException("the functional forward does not do Monte Carlo dropout");
        var config = model.Config;
        if (input.dim() != 4 || input.shape[1] != config.InChannels)
            throw new ArgumentException($"U-Net-S expects N x {config.InChannels} x H x W input, got [{string.Join(", ", input.shape)}]");
        if (updateRunningStatistics && !model.training) throw new InvalidOperationException("running statistics move in training mode only");
        using var scope = NewDisposeScope();
        using var one = 1L.ToScalar();          // num_batches_tracked += 1, with a Scalar kept alive (BatchNorm's summary)
        var f = new Pass(model, parameters, record, updateRunningStatistics, one);
        int depth = config.Depth;
        var skips = new Tensor[depth];
        Tensor x = model.ChannelsLast ? UNetS.ToChannelsLast(input) : input;
        for (int i = 0; i < depth; i++)
        {
            skips[i] = f.DoubleConv($"down.{i}", x);
            x = f.MaxPool(skips[i], i);
        }
        x = f.Dropout(f.DoubleConv("bottleneck", x), 0);
        for (int j = 0; j < depth; j++)
        {
            f.Save($"up.{j}.in", x);
            var upsampled = nn.functional.conv_transpose2d(x, f.P($"up.{j}.weight"), f.P($"up.{j}.bias"), strides: [2, 2]);
            x = f.Dropout(f.DoubleConv($"dec.{j}", cat([skips[depth - 1 - j], upsampled], 1)), j + 1);
        }
        var logits = f.Conv(x, "head", padding: 0, bias: true);
        return (model.ChannelsLast ? logits.contiguous() : logits).MoveToOuterDisposeScope();
    }

    /// <summary>One forward pass: the parameters, the model's mode and buffers, the record.</summary>
    private sealed class Pass(UNetS model, IReadOnlyDictionary<string, Tensor> parameters, ForwardRecord? record, bool update, Scalar one)
    {
        private readonly bool _training = model.training;
        private readonly Dictionary<string, Tensor> _buffers = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);

        public Tensor P(string name) => parameters.TryGetValue(name, out var t) ? t
            : throw new ArgumentException($"no tensor for parameter '{name}'", nameof(parameters));

        public void Save(string key, Tensor t) => record?.Save(key, t);

        /// <summary>3x3 conv (no bias), BatchNorm, ReLU, twice: the Sequential's entries 0, 1 and 3, 4.</summary>
        public Tensor DoubleConv(string prefix, Tensor x)
        {
            x = Relu($"{prefix}.1", BatchNorm($"{prefix}.1", Conv(x, $"{prefix}.0", padding: 1, bias: false)));
            return Relu($"{prefix}.4", BatchNorm($"{prefix}.4", Conv(x, $"{prefix}.3", padding: 1, bias: false)));
        }

        private Tensor Relu(string prefix, Tensor x)
        {
            var y = nn.functional.relu(x);
            Save($"{prefix}.relu", y);
            return y;
        }

        /// <summary>A convolution; in channels-last mode its output is put back into channels-last as the module does.</summary>
        public Tensor Conv(Tensor x, string prefix, long padding, bool bias)
        {
            Save($"{prefix}.in", x);
            var y = nn.functional.conv2d(x, P($"{prefix}.weight"), bias ? P($"{prefix}.bias") : null, padding: [padding, padding]);
            return model.ChannelsLast ? UNetS.ToChannelsLast(y) : y;
        }

        /// <summary>Training: batch statistics, nothing stored (no running tensors are passed) unless the running
        /// statistics are to move, as in <see cref="Models.BatchNorm.forward"/>. Evaluation: running statistics.</summary>
        public Tensor BatchNorm(string prefix, Tensor x)
        {
            Save($"{prefix}.in", x);
            if (!_training)
                return nn.functional.batch_norm(x, _buffers[$"{prefix}.running_mean"], _buffers[$"{prefix}.running_var"],
                    P($"{prefix}.weight"), P($"{prefix}.bias"), false, Models.BatchNorm.Momentum, Models.BatchNorm.Eps);
            if (!update)
                return nn.functional.batch_norm(x, null, null, P($"{prefix}.weight"), P($"{prefix}.bias"), true, Models.BatchNorm.Momentum, Models.BatchNorm.Eps);
            using (no_grad()) _buffers[$"{prefix}.num_batches_tracked"].add_(one, one);
            return nn.functional.batch_norm(x, _buffers[$"{prefix}.running_mean"], _buffers[$"{prefix}.running_var"],
                P($"{prefix}.weight"), P($"{prefix}.bias"), true, Models.BatchNorm.Momentum, Models.BatchNorm.Eps);
        }

        /// <summary>2x2 max-pool; with a record, the argmax too.</summary>
        public Tensor MaxPool(Tensor x, int i)
        {
            if (record is null) return nn.functional.max_pool2d(x, 2);
            var (y, indices) = nn.functional.max_pool2d_with_indices(x, [2, 2]);
            Save($"pool.{i}", indices);
            return y;
        }

        public Tensor Dropout(Tensor x, int k)
        {
            if (!_training || model.Config.DropoutP == 0) return x;
            if (record is null) return nn.functional.dropout2d(x, model.Config.DropoutP, training: true);
            var mask = nn.functional.dropout2d(ones(x.shape[0], x.shape[1], 1, 1, dtype: x.dtype), model.Config.DropoutP, training: true);
            Save($"drop.{k}", mask);
            return x.mul(mask);
        }
    }
}
