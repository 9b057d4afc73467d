using System.IO.Hashing;
using System.Runtime.InteropServices;
using Remask.Core;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// Checks that every rank of a data-parallel run holds the same model: h = XxHash64 of the parameters and buffers (as
/// float64, in the model's order), cut into four 16-bit pieces h_k (exact in double); Σ_r h_k = N h_k on every rank
/// for every k holds only when all ranks' h are equal.
/// </summary>
internal static class ReplicaCheck
{
    /// <summary>XxHash64 of <paramref name="model"/>'s parameters and buffers.</summary>
    /// <param name="model">The replica.</param>
    public static ulong Checksum(nn.Module model)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var hash = new XxHash64();
        foreach (var t in model.parameters().Cast<Tensor>().Concat(model.buffers()))
            hash.Append(MemoryMarshal.AsBytes(t.to_type(ScalarType.Float64).flatten().data<double>().ToArray().AsSpan()));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Throws <see cref="RemaskDataException"/> on every rank when the ranks' checksums differ after <paramref name="epoch"/>.</summary>
    /// <param name="model">The replica on this rank.</param>
    /// <param name="ranks">The run's ranks.</param>
    /// <param name="epoch">The epoch just trained (for the message).</param>
    /// <param name="runDirectory">The run folder (the message's subject).</param>
    public static void Verify(nn.Module model, ICollective ranks, int epoch, string runDirectory)
    {
        if (ranks.Size == 1) return;
        ulong h = Checksum(model);
        Span<double> pieces = stackalloc double[4];
        for (int k = 0; k < 4; k++) pieces[k] = (h >> (16 * k)) & 0xFFFF;
        Span<double> sums = stackalloc double[4];
        pieces.CopyTo(sums);
        ranks.AllreduceSum(sums);
        for (int k = 0; k < 4; k++)
            if (sums[k] != ranks.Size * pieces[k])
                throw new RemaskDataException(runDirectory,
                    $"after epoch {epoch} the {ranks.Size} ranks hold different weights (rank {ranks.Rank}'s checksum {h:x16}); data-parallel training went out of step, the last checkpoint is kept");
    }
}
