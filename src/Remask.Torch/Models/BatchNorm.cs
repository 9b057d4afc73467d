using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// 2-D batch normalisation with torch.nn.BatchNorm2d's defaults (eps 1e-5, momentum 0.1, affine, running
/// statistics) and its state_dict entries (<c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>,
/// <c>num_batches_tracked</c>, same shapes and types, same order).
/// <para>
/// Why not TorchSharp's BatchNorm2d: in TorchSharp 0.107 its forward runs <c>num_batches_tracked.add_(1)</c>, which
/// converts 1 into two temporary <see cref="Scalar"/>s (value and the implicit alpha) that nothing keeps alive
/// during the native call. When another thread's allocations start a garbage collection at that moment, the
/// finalizer can free a Scalar while libtorch still reads it ("argument alpha must not be a floating point number",
/// docs/training.md, "Data loading"). Here the Scalars are created explicitly and disposed after the call, which
/// keeps them alive; the normalisation itself is <c>torch.nn.functional.batch_norm</c>, which takes plain doubles.
/// </para>
/// </summary>
public sealed class BatchNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// torch.nn.BatchNorm2d's defaults: ε = 1e-5 added to the variance, and momentum 0.1 of the running statistics.
    /// </summary>
    public const double Eps = 1e-5, Momentum = 0.1;

    // Named for Module.to(dtype | device), which replaces registered tensors and updates the fields of the same component name.
    [ComponentName(Name = "weight")] private readonly Parameter _weight;
    [ComponentName(Name = "bias")] private readonly Parameter _bias;
    [ComponentName(Name = "running_mean")] private readonly Tensor _runningMean;
    [ComponentName(Name = "running_var")] private readonly Tensor _runningVar;
    [ComponentName(Name = "num_batches_tracked")] private readonly Tensor _numBatchesTracked;

    /// <summary>C, the number of channels normalised (each with its own γ, β and running statistics).</summary>
    public long NumFeatures { get; }

    /// <summary>γ = 1, β = 0, running mean 0 and variance 1, as torch.nn.BatchNorm2d starts.</summary>
    /// <param name="numFeatures">C, the channels of the input.</param>
    public BatchNorm(long numFeatures) : base(nameof(BatchNorm))
    {
        NumFeatures = numFeatures;
        _weight = new Parameter(ones(numFeatures));
        _bias = new Parameter(zeros(numFeatures));
        _runningMean = zeros(numFeatures);
        _runningVar = ones(numFeatures);
        _numBatchesTracked = tensor(0L);
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
        register_buffer("running_mean", _runningMean);
        register_buffer("running_var", _runningVar);
        register_buffer("num_batches_tracked", _numBatchesTracked);
    }

    /// <summary>
    /// Evaluation mode as an affine map per channel, y = x·scale + shift with scale = γ/√(σ² + ε) and
    /// shift = β − μ·scale: what <see cref="UNetS.FoldBatchNorm"/> folds into the convolution before it.
    /// </summary>
    public (Tensor Scale, Tensor Shift) AffineTerms()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var eps = Eps.ToScalar();                                   // kept alive through the call (see above)
        using var one = 1.0.ToScalar();                                   // add(Scalar) alone would make its alpha a temporary
        var scale = _weight / _runningVar.add(eps, one).sqrt_();
        var shift = _bias - _runningMean * scale;
        return (scale.MoveToOuterDisposeScope(), shift.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Normalises <paramref name="input"/> (N x C x H x W): in training mode with the batch's statistics, which also
    /// update the running ones; in evaluation mode with the running statistics.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != NumFeatures)
            throw new ArgumentException($"BatchNorm expects N x {NumFeatures} x H x W input, got [{string.Join(", ", input.shape)}]");
        if (training)
        {
            using var one = 1L.ToScalar();
            _numBatchesTracked.add_(one, one);
        }
        return nn.functional.batch_norm(input, _runningMean, _runningVar, _weight, _bias, training, Momentum, Eps);
    }
}
