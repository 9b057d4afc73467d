using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// The layers of <see cref="UNetSTangent.Along"/>: each takes the tangent ẋ of its input (null: zero, the image) and
/// the values of the forward pass from the <see cref="ForwardRecord"/>, and returns the tangent of its output; BatchNorm
/// with ReLU and dropout work in place on a tangent the caller has just made, the others return a new one and leave
/// their input to the caller. Each layer's temporaries live in its own dispose scope. The rules are those of
/// <see cref="UNetSTangent"/>'s summary.
/// </summary>
internal sealed class UNetSTangentLayers(UNetS model, IReadOnlyDictionary<string, Tensor> parameters,
    IReadOnlyDictionary<string, Tensor> direction, ForwardRecord record, Scalar one, Scalar eps, Scalar zero)
{
    private static readonly long[] ChannelDims = [0, 2, 3];
    private readonly Dictionary<string, Tensor> _buffers = model.training ? [] : model.named_buffers().ToDictionary(b => b.name, b => b.buffer);

    private static Tensor Get(IReadOnlyDictionary<string, Tensor> d, string name, string what) =>
        d.TryGetValue(name, out var t) ? t : throw new ArgumentException($"no {what} for parameter '{name}'");

    private Tensor P(string name) => Get(parameters, name, "tensor");
    private Tensor D(string name) => Get(direction, name, "direction");
    private Tensor Layout(Tensor t) => model.ChannelsLast ? UNetS.ToChannelsLast(t) : t;
    private static Tensor Channel(Tensor t) => t.view(1, -1, 1, 1);

    /// <summary>Conv, BatchNorm, ReLU, twice (the Sequential's entries 0, 1 and 3, 4).</summary>
    public Tensor DoubleConv(string prefix, Tensor? input)
    {
        using var first = Conv(input, $"{prefix}.0", padding: 1, bias: false);
        BatchNormRelu($"{prefix}.1", first);
        var second = Conv(first, $"{prefix}.3", padding: 1, bias: false);
        BatchNormRelu($"{prefix}.4", second);
        return second;
    }

    /// <summary>conv(x, Ẇ) + ḃ + conv(ẋ, W).</summary>
    public Tensor Conv(Tensor? input, string prefix, long padding, bool bias)
    {
        using var scope = NewDisposeScope();
        long[] pad = [padding, padding];
        var t = Layout(nn.functional.conv2d(record[$"{prefix}.in"], D($"{prefix}.weight"), bias ? D($"{prefix}.bias") : null, padding: pad));
        if (input is not null) t.add_(nn.functional.conv2d(input, P($"{prefix}.weight"), null, padding: pad), one);
        return t.MoveToOuterDisposeScope();
    }

    /// <summary>The 2x2 transposed convolution with stride 2, as <see cref="Conv"/>.</summary>
    public Tensor ConvTranspose(string prefix, Tensor input)
    {
        using var scope = NewDisposeScope();
        long[] stride = [2, 2];
        var t = nn.functional.conv_transpose2d(record[$"{prefix}.in"], D($"{prefix}.weight"), D($"{prefix}.bias"), strides: stride);
        t.add_(nn.functional.conv_transpose2d(input, P($"{prefix}.weight"), null, strides: stride), one);
        return t.MoveToOuterDisposeScope();
    }

    /// <summary>BatchNorm then ReLU, in place on the tangent: x̂ A + ẋ B + C with per-channel B = γ / σ and
    /// A = γ̇ - B mean(x̂ ẋ), C = β̇ - B mean(ẋ) (training; the rule of the class summary collected per channel), or
    /// A = γ̇, C = β̇ (evaluation); then zero where the ReLU's output is not positive.</summary>
    public void BatchNormRelu(string prefix, Tensor dx)
    {
        using var scope = NewDisposeScope();
        Tensor x = record[$"{prefix}.in"], gamma = Channel(P($"{prefix}.weight"));
        Tensor centred, inverse, a, c;
        if (model.training)
        {
            centred = x.sub(x.mean(ChannelDims, keepdim: true));
            inverse = centred.square().mean(ChannelDims, keepdim: true).add_(eps, one).rsqrt_();
            a = Channel(D($"{prefix}.weight")).sub(gamma.mul(inverse).mul_(centred.mul(dx).mean(ChannelDims, keepdim: true).mul_(inverse)));
            c = Channel(D($"{prefix}.bias")).sub(gamma.mul(inverse).mul_(dx.mean(ChannelDims, keepdim: true)));
        }
        else
        {
            centred = x.sub(Channel(_buffers[$"{prefix}.running_mean"]));
            inverse = Channel(_buffers[$"{prefix}.running_var"]).add(eps, one).rsqrt();
            a = Channel(D($"{prefix}.weight"));
            c = Channel(D($"{prefix}.bias"));
        }
        // ẋ ← ẋ B + (x - μ) (σ⁻¹ A) + C
        dx.mul_(gamma.mul(inverse)).addcmul_(centred, inverse.mul(a), one).add_(c, one);
        dx.masked_fill_(record[$"{prefix}.relu"].le(zero), zero);
    }

    /// <summary>2x2 max-pool: the tangent at the value's argmax.</summary>
    public Tensor MaxPool(Tensor dx, int i)
    {
        using var scope = NewDisposeScope();
        var indices = record[$"pool.{i}"];
        var t = dx.flatten(2).gather(2, indices.flatten(2)).view_as(indices);
        return Layout(t).MoveToOuterDisposeScope();
    }

    /// <summary>Spatial dropout, in place: the forward pass's mask (none when dropout was off).</summary>
    public Tensor Dropout(Tensor dx, int k)
    {
        if (record.Has($"drop.{k}")) dx.mul_(record[$"drop.{k}"]);
        return dx;
    }
}
