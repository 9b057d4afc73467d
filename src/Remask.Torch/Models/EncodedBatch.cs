using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// What <see cref="UNetS.Encode"/> computes for a batch of N images: the skip connection of every encoder level
/// (N x w_i x H/2^i x W/2^i) and the bottleneck features (N x w_depth x H/2^depth x W/2^depth), before any dropout.
/// Owns the tensors (they belong to no dispose scope): dispose it.
/// </summary>
internal sealed class EncodedBatch : IDisposable
{
    public Tensor[] Skips { get; }
    public Tensor Features { get; }

    /// <summary>N, the number of images encoded.</summary>
    public long Count { get; }

    internal EncodedBatch(Tensor[] skips, Tensor features, long count)
    {
        Skips = skips;
        Features = features;
        Count = count;
    }

    public void Dispose()
    {
        foreach (var s in Skips) s.Dispose();
        Features.Dispose();
    }
}
