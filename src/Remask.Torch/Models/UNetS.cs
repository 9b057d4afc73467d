using Remask.Torch.Inference;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// U-Net-S, the reference network of BENCHMARK.md section 3. Input N x C x H x W (H, W multiples of
/// 2^depth), output N x 1 x H x W logits.
/// <list type="bullet">
/// <item>encoder: per width, 2 x (3x3 conv, padding 1, no bias, BatchNorm, ReLU), then 2x2 max-pool;</item>
/// <item>bottleneck: the same double conv at the last width, then spatial dropout;</item>
/// <item>decoder: 2x2 transposed conv with stride 2, concatenate [skip, upsampled], double conv, spatial dropout;</item>
/// <item>head: 1x1 conv with bias.</item>
/// </list>
/// Parameter names are those of the PyTorch module in docs/training.md (<c>down.0.0.weight</c>,
/// <c>bottleneck.1.running_mean</c>, <c>up.0.weight</c>, <c>dec.3.4.bias</c>, <c>head.weight</c>...), so a
/// state_dict moves between the two unchanged.
/// </summary>
public sealed class UNetS : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Sequential> down = new();
    private readonly MaxPool2d pool;
    private readonly Sequential bottleneck;
    private readonly ModuleList<ConvTranspose2d> up = new();
    private readonly ModuleList<Sequential> dec = new();
    private readonly ModuleList<SpatialDropout> drop = new();
    private readonly Conv2d head;
    private FoldedWeights? _folded;
    private InferencePrecision _precision = InferencePrecision.Fp32;

    /// <summary>The architecture the network was built with.</summary>
    public UNetSConfig Config { get; }

    /// <param name="config">Input channels, widths and dropout rate.</param>
    public UNetS(UNetSConfig config) : base(nameof(UNetS))
    {
        Config = config;
        var w = config.Widths;
        int depth = config.Depth;
        long cin = config.InChannels;
        for (int i = 0; i < depth; i++)
        {
            down.Add(DoubleConv(cin, w[i]));
            cin = w[i];
        }
        pool = nn.MaxPool2d(2);
        bottleneck = DoubleConv(w[depth - 1], w[depth]);
        drop.Add(new SpatialDropout(config.DropoutP, 0));
        for (int i = depth - 1; i >= 0; i--)
        {
            up.Add(nn.ConvTranspose2d(w[i + 1], w[i], 2, stride: 2));
            dec.Add(DoubleConv(2L * w[i], w[i]));
            drop.Add(new SpatialDropout(config.DropoutP, drop.Count));
        }
        head = nn.Conv2d(w[0], 1, 1);
        RegisterComponents();
    }

    private static Sequential DoubleConv(long cin, long cout) => nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding: 1, bias: false), new BatchNorm(cout), nn.ReLU(),
        nn.Conv2d(cout, cout, 3, padding: 1, bias: false), new BatchNorm(cout), nn.ReLU());

    /// <summary>Monte Carlo dropout: when set, spatial dropout stays active after <c>eval()</c>, while
    /// BatchNorm uses (and keeps) its running statistics.</summary>
    public bool DropoutAtInference
    {
        get => drop[0].ActiveInEval;
        set { foreach (var d in drop) d.ActiveInEval = value; }
    }

    /// <summary>Seeds for the Monte Carlo dropout masks, one per row of the next batches (see
    /// <see cref="SpatialDropout.RowSeeds"/>); null draws them from torch's global generator.</summary>
    public long[]? DropoutRowSeeds
    {
        get => drop[0].RowSeeds;
        set { foreach (var d in drop) d.RowSeeds = value; }
    }

    /// <summary>
    /// Run the convolutions on channels-last (NHWC-strided) activations. On by default: libtorch 2.10's CPU float32
    /// convolution in the default NCHW layout computes NaN input gradients now and then for channel counts that are
    /// not multiples of 16, and wrong outputs for some (24 input channels: errors of order 1, found by the PyTorch
    /// parity tests); channels-last is right in both cases and faster for the narrow early layers (docs/training.md,
    /// "Speed"). Off is for benchmarks. The output is always a standard NCHW tensor.
    /// </summary>
    public bool ChannelsLast { get; set; } = true;

    /// <summary>
    /// The number format of the next <see cref="FoldBatchNorm"/> scopes (and so of <see cref="Inference.ModelModes"/>):
    /// <see cref="InferencePrecision.Fp32"/> (the default) or <see cref="InferencePrecision.Bf16"/>, resolved already
    /// (<see cref="PrecisionChoice.Resolve"/>; <see cref="InferencePrecision.Auto"/> is refused). Training is always float32.
    /// </summary>
    public InferencePrecision InferencePrecision
    {
        get => _precision;
        set => _precision = value is InferencePrecision.Fp32 or InferencePrecision.Bf16 ? value
            : throw new ArgumentException($"resolve {value} to fp32 or bf16 first (PrecisionChoice.Resolve)", nameof(value));
    }

    /// <summary>The activations' type of the evaluation forward: BFloat16 inside a bfloat16 fold scope in evaluation mode, else Float32.</summary>
    private ScalarType Activations => !training && _folded is not null ? _folded.Activations : ScalarType.Float32;

    /// <summary>The number of trainable parameters (scalars), over all parameter tensors.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>
    /// Logits N x 1 x H x W of <paramref name="input"/> (N x C x H x W, H and W multiples of 2^depth).
    /// </summary>
    public override Tensor forward(Tensor input) => ForwardRepeated(input, 1);

    /// <summary>
    /// The output for <paramref name="repeats"/> copies of the batch, rows ordered (copy, image) as
    /// <c>forward(input.repeat(repeats, 1, 1, 1))</c>, with the encoder run once: nothing before the first dropout
    /// is random, so in evaluation mode the copies differ only through Monte Carlo dropout (the decoder runs on all
    /// rows). Saves the encoder's work for MC dropout samples. Training mode (batch statistics) needs repeats = 1.
    /// </summary>
    public Tensor ForwardRepeated(Tensor input, int repeats)
    {
        CheckRepeats(repeats);
        using var scope = NewDisposeScope();
        using var encoded = Encode(input);
        return Decode(encoded, repeats).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The encoder and the bottleneck (everything before the first dropout) of an N x C x H x W batch: the skip
    /// connections and the bottleneck features, owned by the returned object (dispose it). <see cref="Decode"/> runs the
    /// rest as often as wanted, so Monte Carlo dropout samples can share one encoder pass in chunks of any size.
    /// </summary>
    internal EncodedBatch Encode(Tensor input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        var skips = new Tensor[down.Count];
        Tensor x = Activations == ScalarType.BFloat16 ? input.to(ScalarType.BFloat16) : input;   // bfloat16 inference: cast once, here
        if (ChannelsLast) x = ToChannelsLast(x);
        for (int i = 0; i < down.Count; i++)
        {
            skips[i] = Stage(down[i], x);
            x = pool.call(skips[i]);
        }
        x = Stage(bottleneck, x);
        foreach (var skip in skips) skip.DetachFromDisposeScope();
        return new EncodedBatch(skips, x.DetachFromDisposeScope(), input.shape[0]);
    }

    /// <summary>
    /// The decoder and head for <paramref name="repeats"/> copies of an encoded batch: (repeats·N) x 1 x H x W logits,
    /// rows ordered (copy, image), each copy with its own dropout masks when dropout is active (rows seeded by
    /// <see cref="DropoutRowSeeds"/>). Training mode (batch statistics) needs repeats = 1.
    /// </summary>
    internal Tensor Decode(EncodedBatch encoded, int repeats)
    {
        CheckRepeats(repeats);
        using var scope = NewDisposeScope();
        var skips = encoded.Skips;
        Tensor x = encoded.Features;
        var folded = Activations == ScalarType.BFloat16 ? _folded : null;
        if ((x.dtype == ScalarType.BFloat16) != (folded is not null))          // float64 models (parity tests) pass as they are
            throw new InvalidOperationException($"the batch was encoded in {x.dtype}, but the decoder runs in {(folded is null ? "the model's type" : "BFloat16")}: encode and decode in the same mode and fold scope");
        if (repeats > 1)
        {
            x = Repeat(x, repeats);
            skips = skips.Select(s => Repeat(s, repeats)).ToArray();
        }
        x = drop[0].call(x);
        for (int j = 0; j < up.Count; j++)
        {
            var upsampled = folded?.Up is { } ups ? nn.functional.conv_transpose2d(x, ups[j].Weight, ups[j].Bias, strides: [2, 2]) : up[j].call(x);
            x = Stage(dec[j], cat([skips[down.Count - 1 - j], upsampled], 1));
            x = drop[j + 1].call(x);
        }
        var logits = folded?.Head is { } h ? nn.functional.conv2d(x, h.Weight, h.Bias).to(ScalarType.Float32) : head.call(x);   // float32 from here on
        return (ChannelsLast ? logits.contiguous() : logits).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// For inference: folds every BatchNorm's running statistics and affine parameters into the 3x3 convolution before it,
    /// w' = w·γ/√(σ² + ε) (per output channel) and b' = β − μ·γ/√(σ² + ε), so that convolution and BatchNorm become one
    /// convolution with a bias, one pass over the activations fewer per layer (docs/uncertainty.md, "Speed"). Equal to
    /// the unfolded evaluation forward up to float rounding. Used in evaluation mode only (training mode ignores it)
    /// until the returned scope is disposed; the parameters must not change meanwhile. While a fold is active, further
    /// calls return scopes that do nothing.
    /// <para>With <see cref="InferencePrecision"/> = Bf16 the scope runs the evaluation forward in bfloat16: the folded
    /// weights (folded in float32, then cast), the transposed convolutions and the head are held as bfloat16 copies
    /// (<see cref="FoldedWeights"/>, released with the scope; the module itself is never cast), <see cref="Encode"/>
    /// casts its input to bfloat16, and <see cref="Decode"/> casts the logits back to float32, so sigmoid and all that
    /// follows stay float32. Each conv rounds its input and weights to 8 significant bits (unit roundoff u = 2^-8) and
    /// accumulates in float32: logits differ from float32's by a few u relative to their scale (docs/uncertainty.md,
    /// "bf16 inference").</para>
    /// </summary>
    public IDisposable FoldBatchNorm()
    {
        if (_folded is not null) return new FoldScope(null);
        bool bf16 = _precision == InferencePrecision.Bf16;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();                              // temporaries; the kept tensors are detached from it
        Tensor Keep(Tensor t) => (bf16 ? t.to(ScalarType.BFloat16) : t).DetachFromDisposeScope();
        var stages = new Dictionary<Sequential, (Tensor, Tensor)[]>();
        foreach (var stage in down.Append(bottleneck).Concat(dec))
        {
            var layers = stage.children().ToArray();
            var pairs = new (Tensor, Tensor)[2];
            for (int k = 0; k < 2; k++)
            {
                var conv = (Conv2d)layers[3 * k];
                var bn = (BatchNorm)layers[3 * k + 1];
                var (scale, shift) = bn.AffineTerms();
                pairs[k] = (Keep(conv.weight! * scale.view(-1, 1, 1, 1)), Keep(shift));
            }
            stages[stage] = pairs;
        }
        var ups = bf16 ? up.Select(u => (Keep(u.weight!), Keep(u.bias!))).ToArray() : null;
        (Tensor, Tensor)? headCopy = bf16 ? (Keep(head.weight!), Keep(head.bias!)) : null;
        _folded = new FoldedWeights(stages, ups, headCopy);
        return new FoldScope(this);
    }

    /// <summary>Whether a <see cref="FoldBatchNorm"/> scope is active.</summary>
    public bool BatchNormFolded => _folded is not null;

    /// <summary>The active fold scope's weights (tests), or null.</summary>
    internal FoldedWeights? Folded => _folded;

    private sealed class FoldScope(UNetS? model) : IDisposable
    {
        public void Dispose()
        {
            if (model?._folded is not { } folded) return;
            model._folded = null;
            folded.Dispose();
        }
    }

    /// <summary>Runs a double conv; in channels-last mode it keeps every convolution's output channels-last (with one
    /// input channel, NCHW and NHWC strides coincide and libtorch would fall back to NCHW for the rest of the net).
    /// In evaluation mode under <see cref="FoldBatchNorm"/>: the folded convolutions, each followed by ReLU.</summary>
    private Tensor Stage(Sequential stage, Tensor x)
    {
        if (!training && _folded is not null && _folded.Stages.TryGetValue(stage, out var convs))
        {
            foreach (var (weight, bias) in convs)
            {
                x = nn.functional.conv2d(x, weight, bias, padding: [1, 1]);
                x = (ChannelsLast ? ToChannelsLast(x) : x).relu_();
            }
            return x;
        }
        if (!ChannelsLast) return stage.call(x);
        foreach (var layer in stage.children())
        {
            x = ((nn.Module<Tensor, Tensor>)layer).call(x);
            if (layer is Conv2d) x = ToChannelsLast(x);
        }
        return x;
    }

    private Tensor Repeat(Tensor x, int repeats)
    {
        var r = x.repeat(repeats, 1, 1, 1);
        return ChannelsLast ? ToChannelsLast(r) : r;
    }

    /// <summary>The same values with NHWC strides (PyTorch's torch.channels_last), still indexed N, C, H, W.</summary>
    internal static Tensor ToChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private void CheckRepeats(int repeats)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), "at least 1");
        if (repeats > 1 && training) throw new InvalidOperationException("repeats > 1 copies need evaluation mode");
    }

    private void CheckInput(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Config.InChannels)
            throw new ArgumentException($"U-Net-S expects N x {Config.InChannels} x H x W input, got [{string.Join(", ", input.shape)}]");
        int m = Config.SizeMultiple;
        if (input.shape[2] % m != 0 || input.shape[3] % m != 0)
            throw new ArgumentException($"U-Net-S with depth {Config.Depth} needs height and width that are multiples of {m}, got {input.shape[2]} x {input.shape[3]}");
    }
}
