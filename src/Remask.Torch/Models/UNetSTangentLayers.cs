using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// The layers of <see cref="UNetSTangent"/> on pairs: a pair is one 2N x C x H x W tensor, rows 0..N-1 the value x,
/// rows N..2N-1 its tangent ẋ. Every layer returns a new pair and leaves its input to the caller, except BatchNorm
/// with ReLU and dropout, which work in place on a pair the caller has just made. Each layer's temporaries live in its
/// own dispose scope. The rules are those of <see cref="UNetSTangent"/>'s summary.
/// </summary>
internal sealed class UNetSTangentLayers(UNetS model, IReadOnlyDictionary<string, Tensor> parameters,
    IReadOnlyDictionary<string, Tensor> direction, long n, Scalar one, Scalar eps, Scalar zero)
{
    private static readonly long[] ChannelDims = [0, 2, 3];
    private readonly Dictionary<string, Tensor> _buffers = model.training ? [] : model.named_buffers().ToDictionary(b => b.name, b => b.buffer);

    private static Tensor Get(IReadOnlyDictionary<string, Tensor> d, string name, string what) =>
        d.TryGetValue(name, out var t) ? t : throw new ArgumentException($"no {what} for parameter '{name}'");

    private Tensor P(string name) => Get(parameters, name, "tensor");
    private Tensor D(string name) => Get(direction, name, "direction");
    private Tensor Value(Tensor pair) => pair.narrow(0, 0, n);
    private Tensor Tangent(Tensor pair) => pair.narrow(0, n, n);
    private Tensor Layout(Tensor t) => model.ChannelsLast ? UNetS.ToChannelsLast(t) : t;
    private static Tensor Channel(Tensor t) => t.view(1, -1, 1, 1);

    /// <summary>Conv, BatchNorm, ReLU, twice (the Sequential's entries 0, 1 and 3, 4). <paramref name="inputHasTangent"/>
    /// false: the input is the image alone (N rows, tangent zero).</summary>
    public Tensor DoubleConv(string prefix, Tensor input, bool inputHasTangent = true)
    {
        using var first = Conv(input, $"{prefix}.0", padding: 1, bias: false, inputHasTangent);
        BatchNormRelu($"{prefix}.1", first);
        var second = Conv(first, $"{prefix}.3", padding: 1, bias: false);
        BatchNormRelu($"{prefix}.4", second);
        return second;
    }

    /// <summary>conv(x, W) + b over the value, conv(ẋ, W) + conv(x, Ẇ) + ḃ over the tangent: one convolution of the pair
    /// with W, one of the value with Ẇ. Without an input tangent, conv(x, Ẇ) + ḃ alone.</summary>
    public Tensor Conv(Tensor input, string prefix, long padding, bool bias, bool inputHasTangent = true)
    {
        using var scope = NewDisposeScope();
        long[] pad = [padding, padding];
        Tensor weight = P($"{prefix}.weight"), dWeight = D($"{prefix}.weight");
        Tensor? b = bias ? P($"{prefix}.bias") : null, db = bias ? D($"{prefix}.bias") : null;
        if (!inputHasTangent)
            return Layout(cat([nn.functional.conv2d(input, weight, b, padding: pad), nn.functional.conv2d(input, dWeight, db, padding: pad)], 0)).MoveToOuterDisposeScope();
        var pair = Layout(nn.functional.conv2d(input, weight, null, padding: pad));
        if (b is not null) Value(pair).add_(Channel(b), one);
        Tangent(pair).add_(nn.functional.conv2d(Value(input), dWeight, db, padding: pad), one);
        return pair.MoveToOuterDisposeScope();
    }

    /// <summary>The 2x2 transposed convolution with stride 2, as <see cref="Conv"/>.</summary>
    public Tensor ConvTranspose(string prefix, Tensor input)
    {
        using var scope = NewDisposeScope();
        long[] stride = [2, 2];
        var pair = nn.functional.conv_transpose2d(input, P($"{prefix}.weight"), null, strides: stride);
        Value(pair).add_(Channel(P($"{prefix}.bias")), one);
        Tangent(pair).add_(nn.functional.conv_transpose2d(Value(input), D($"{prefix}.weight"), D($"{prefix}.bias"), strides: stride), one);
        return pair.MoveToOuterDisposeScope();
    }

    /// <summary>BatchNorm then ReLU, in place. Output γ x̂ + β; tangent x̂ A + ẋ B + C with per-channel B = γ / σ and
    /// A = γ̇ - B mean(x̂ ẋ), C = β̇ - B mean(ẋ) (training; the rule of the class summary collected per channel), or
    /// A = γ̇, C = β̇ (evaluation). ReLU: the tangent is zeroed where the output is not positive.</summary>
    public void BatchNormRelu(string prefix, Tensor pair)
    {
        using var scope = NewDisposeScope();
        Tensor x = Value(pair), dx = Tangent(pair), gamma = Channel(P($"{prefix}.weight"));
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
        var b = gamma.mul(inverse);
        // ẋ ← ẋ B + (x - μ) (σ⁻¹ A) + C, then x ← (x - μ) B + β.
        dx.mul_(b).addcmul_(centred, inverse.mul(a), one).add_(c, one);
        x.copy_(centred.mul_(b).add_(Channel(P($"{prefix}.bias")), one));
        dx.masked_fill_(x.le(zero), zero);
        x.relu_();
    }

    /// <summary>2x2 max-pool of the value; the tangent at the argmax.</summary>
    public Tensor MaxPool(Tensor pair)
    {
        using var scope = NewDisposeScope();
        var (v, indices) = nn.functional.max_pool2d_with_indices(Value(pair), [2, 2]);
        var t = Tangent(pair).flatten(2).gather(2, indices.flatten(2)).view_as(v);
        return Layout(cat([v, t], 0)).MoveToOuterDisposeScope();
    }

    /// <summary>Spatial dropout in training mode, in place: one mask (drawn as the module draws it) on value and tangent.</summary>
    public Tensor Dropout(Tensor pair)
    {
        if (!model.training || model.Config.DropoutP == 0) return pair;
        using var scope = NewDisposeScope();
        var mask = nn.functional.dropout2d(ones(n, pair.shape[1], 1, 1, dtype: pair.dtype), model.Config.DropoutP, training: true);
        Value(pair).mul_(mask);
        Tangent(pair).mul_(mask);
        return pair;
    }
}
