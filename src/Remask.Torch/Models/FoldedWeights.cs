using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// The weights of one <see cref="UNetS.FoldBatchNorm"/> scope, owned by it (no dispose scope holds them) and disposed
/// with it:
/// <list type="bullet">
/// <item><see cref="Stages"/>: per double conv, its two 3x3 convolutions with BatchNorm folded in, w' = w·γ/√(σ² + ε)
/// (C_out x C_in x 3 x 3) and b' = β − μ·γ/√(σ² + ε) (C_out), computed in float32;</item>
/// <item>for bfloat16 inference (<see cref="Activations"/> = BFloat16) those cast to bfloat16 after folding, and bfloat16
/// copies of the transposed convolutions <c>up.j</c> (C_in x C_out x 2 x 2, C_out) in <see cref="Up"/> and of the 1x1
/// head (1 x w_0 x 1 x 1, 1) in <see cref="Head"/>; in float32 these two are null and the modules' own parameters are used.</item>
/// </list>
/// </summary>
internal sealed class FoldedWeights(Dictionary<Sequential, (Tensor Weight, Tensor Bias)[]> stages,
    (Tensor Weight, Tensor Bias)[]? up, (Tensor Weight, Tensor Bias)? head) : IDisposable
{
    public IReadOnlyDictionary<Sequential, (Tensor Weight, Tensor Bias)[]> Stages { get; } = stages;
    public (Tensor Weight, Tensor Bias)[]? Up { get; } = up;
    public (Tensor Weight, Tensor Bias)? Head { get; } = head;

    /// <summary>The activations' type under this fold: BFloat16 for bfloat16 inference, Float32 otherwise.</summary>
    public ScalarType Activations => Up is null ? ScalarType.Float32 : ScalarType.BFloat16;

    /// <summary>Every tensor held (for tests: all are disposed with the scope).</summary>
    public IEnumerable<Tensor> All => Stages.Values.SelectMany(p => p).Concat(Up ?? []).Concat(Head is { } h ? [h] : [])
        .SelectMany(p => new[] { p.Weight, p.Bias });

    public void Dispose()
    {
        foreach (var t in All) t.Dispose();
    }
}
