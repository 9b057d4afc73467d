using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// The one all-reduce of a data-parallel step (docs/scale.md), after backward and before the optimizer step, over a
/// flat float buffer [gradients (P) | rank 0's buffers (R) | loss sum | stop votes]:
/// <list type="bullet">
/// <item>gradients: rank r contributes (n_r / B) ∇L_r, where L_r is the mean loss over its n_r images of the global
/// batch of B; the sum Σ_r (n_r / B) ∇L_r is the gradient of the mean loss over the B images, as one process computes
/// it (the loss is a mean over images, <see cref="SegmentationLoss"/>);</item>
/// <item>buffers (BatchNorm's running statistics): rank 0 contributes its own, the others zeros, so every rank leaves
/// the step with rank 0's, as PyTorch DDP's broadcast_buffers (batch statistics stay per rank, no SyncBatchNorm);</item>
/// <item>loss sum: Σ_r n_r L_r, the epoch's training loss over the global batch;</item>
/// <item>stop votes: the number of ranks asked to stop (Ctrl-C, SIGTERM), so that every rank stops after the same step.</item>
/// </list>
/// After it every rank holds identical parameters, gradients and buffers (checked by <see cref="ReplicaCheck"/>).
/// </summary>
internal sealed class GradientExchange
{
    private readonly ICollective _ranks;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _buffers;
    private readonly float[] _flat;
    private readonly int _gradientLength, _bufferLength;

    /// <summary>The exchange of <paramref name="model"/>'s parameters and buffers among <paramref name="ranks"/>.</summary>
    /// <param name="model">The replica on this rank.</param>
    /// <param name="ranks">The run's ranks.</param>
    public GradientExchange(nn.Module model, ICollective ranks)
    {
        _ranks = ranks;
        _parameters = model.parameters().ToArray();
        _buffers = model.buffers().ToArray();
        _gradientLength = checked((int)_parameters.Sum(p => p.numel()));
        _bufferLength = checked((int)_buffers.Sum(b => b.numel()));
        _flat = new float[_gradientLength + _bufferLength + 2];
    }

    /// <summary>Seconds spent in the all-reduce itself, summed over the calls.</summary>
    public double AllreduceSeconds { get; private set; }

    /// <summary>The bytes all-reduced per step: 4 (P + R + 2).</summary>
    public long Bytes => 4L * _flat.Length;

    /// <summary>Sums the gradients (scaled by <paramref name="share"/> = n_r / B) and takes rank 0's buffers; returns the
    /// global batch's loss sum Σ_r n_r L_r and whether any rank asked to stop.</summary>
    /// <param name="share">n_r / B, this rank's images over the global batch's.</param>
    /// <param name="lossSum">n_r L_r, this rank's loss times its images (0 without images).</param>
    /// <param name="stop">This rank was asked to stop.</param>
    public (double LossSum, bool Stop) Exchange(double share, double lossSum, bool stop)
    {
        using var noGrad = no_grad();
        using (var scope = NewDisposeScope())
        {
            using var scale = share.ToScalar();
            var grads = cat(_parameters.Select(p => p.grad!.flatten()).ToList()).mul(scale);
            grads.data<float>().CopyTo(_flat, 0);
            if (_ranks.Rank == 0 && _bufferLength > 0)
                cat(_buffers.Select(b => b.to_type(ScalarType.Float32).flatten()).ToList()).data<float>().CopyTo(_flat, _gradientLength);
            else
                Array.Clear(_flat, _gradientLength, _bufferLength);
        }
        _flat[^2] = (float)lossSum;
        _flat[^1] = stop ? 1 : 0;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        _ranks.AllreduceSum(_flat);
        AllreduceSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        using (var scope = NewDisposeScope())
        {
            var all = tensor(_flat);
            long offset = 0;
            foreach (var p in _parameters)
            {
                p.grad!.copy_(all.narrow(0, offset, p.numel()).view_as(p));
                offset += p.numel();
            }
            foreach (var b in _buffers)
            {
                b.copy_(all.narrow(0, offset, b.numel()).view_as(b).to_type(b.dtype));
                offset += b.numel();
            }
        }
        return (_flat[^2], _flat[^1] > 0);
    }

    /// <summary>Gives every parameter a zero gradient (a rank without images in a step still takes part in it).</summary>
    public void ZeroGradients()
    {
        using var scope = NewDisposeScope();
        using var zero = 0.0.ToScalar();
        foreach (var p in _parameters) p.sum().mul(zero).backward();
    }
}
