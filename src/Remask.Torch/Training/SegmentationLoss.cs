using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// The training loss of BENCHMARK.md section 3: binary cross-entropy plus soft Dice, equal weights.
/// <para>
/// For logits z, targets y in {0, 1} (N x 1 x H x W), probabilities p = sigmoid(z) and optional per-pixel weights w
/// (same shape; 1 everywhere when absent):
/// BCE = mean over all pixels of w * bce(z, y);
/// Dice = mean over images of 1 - (2 * sum(w p y) + eps) / (sum(w p) + sum(w y) + eps), eps = 1.
/// A weight of 0 removes a pixel from both terms; weights of 1 give the unweighted loss. The loss is differentiable
/// with respect to the weights (the reweighting method's meta-gradient).
/// </para>
/// </summary>
public static class SegmentationLoss
{
    /// <summary>eps of the soft Dice term: 1, added to numerator and denominator.</summary>
    public const double DiceSmoothing = 1.0;

    /// <summary>BCE + soft Dice (formulas above), a scalar tensor.</summary>
    /// <param name="logits">z, N x 1 x H x W.</param>
    /// <param name="target">y, 0 or 1, the shape of <paramref name="logits"/>.</param>
    /// <param name="weights">w, the shape of <paramref name="logits"/>; null: 1 everywhere.</param>
    public static Tensor Compute(Tensor logits, Tensor target, Tensor? weights = null)
    {
        if (!logits.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"logits [{string.Join(", ", logits.shape)}] and targets [{string.Join(", ", target.shape)}] differ in shape");
        if (weights is not null && !weights.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"weights [{string.Join(", ", weights.shape)}] must have the targets' shape [{string.Join(", ", target.shape)}]");
        using var scope = NewDisposeScope();
        // Weighted BCE as the mean of w * (per-pixel BCE), not through the function's weight argument: libtorch does
        // not differentiate binary_cross_entropy_with_logits with respect to its weight, and the reweighting method
        // needs d loss / d w (MetaGradient).
        var bce = weights is null
            ? nn.functional.binary_cross_entropy_with_logits(logits, target)
            : nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None).mul(weights).mean();
        var p = logits.sigmoid();
        long[] dims = Enumerable.Range(1, (int)logits.dim() - 1).Select(d => (long)d).ToArray();
        Tensor wp = weights is null ? p : p * weights;
        Tensor wy = weights is null ? target : target * weights;
        // Numbers go to libtorch as explicit Scalars that stay alive until the end of the method: TorchSharp's
        // operators (1 - t, t + u, ...) would create temporaries that a collection on another thread can free
        // during the native call (docs/training.md, "Data loading").
        using var one = 1.0.ToScalar();
        using var two = 2.0.ToScalar();
        using var smoothing = DiceSmoothing.ToScalar();
        var intersection = (wp * target).sum(dims);
        var denominator = wp.sum(dims).add(wy.sum(dims), one);
        var ratio = intersection.mul(two).add(smoothing, one).div(denominator.add(smoothing, one));
        var dice = ratio.neg().add(one, one); // 1 - ratio, exactly
        return bce.add(dice.mean(), one).MoveToOuterDisposeScope();
    }
}
