using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Reweighting;

/// <summary>
/// The paper's baseline (its reference [4], Mirikharaji et al. 2019): learning to reweight pixels from a small clean
/// subset, after Ren et al. 2018. For every training batch: the meta-gradient g = -∂ L_c / ∂ε
/// (<see cref="MetaGradient"/>) against a clean batch (<see cref="CleanBatches"/>), then
/// <code>
/// w = max(g, 0) * (N S S) / Σ max(g, 0)
/// </code>
/// (<see cref="Normalise"/>): the weights of a batch sum to its number of pixels. Why that sum: the loss takes the mean of
/// w * bce over the batch's pixels, so mean(w l) with Σ w = N S S equals Ren et al.'s Σ w̃ l with Σ w̃ = 1, and weights
/// of 1 everywhere give exactly the unweighted loss, so train_loss and the step size stay on the scale of
/// <c>--method none</c>. A batch whose g has no positive entry gets no weights and is skipped (counted). Tally, per
/// epoch: <c>zero_weight_share</c> (pixels of weight 0 over all pixels of the epoch's batches, skipped ones included),
/// <c>skipped_batches</c>, <c>clean_loss</c> (mean loss of the clean batches). Weight maps of the first
/// <see cref="ReweightOptions.Pictures"/> training images: <see cref="WeightMapPictures"/>.
/// </summary>
public sealed class MetaReweighting(CleanSubset clean) : IPixelWeighting
{
    /// <summary>
    /// The epoch's metrics: <c>zero_weight_share</c> (pixels of weight 0 over all pixels), <c>skipped_batches</c> and
    /// <c>clean_loss</c> (mean loss of the clean batches).
    /// </summary>
    public const string ZeroShareKey = "zero_weight_share", SkippedKey = "skipped_batches", CleanLossKey = "clean_loss";
    private const string PixelsKey = "pixels", ZeroPixelsKey = "zero_pixels", BatchesKey = "batches", CleanLossSumKey = "clean_loss_sum";

    private CleanBatches? _batches;

    /// <summary>The clean batch's direction v = ∇θ L_c now; the weights from the step's own forward pass
    /// (<see cref="PixelWeights.FromForward"/>, <see cref="MetaGradient.Along"/>), so the noisy batch's forward pass is
    /// run once, by the step.</summary>
    public PixelWeights Weigh(PixelWeightingContext context)
    {
        var options = context.Options.Reweight ?? new ReweightOptions();
        _batches ??= new CleanBatches(clean, context.Options, (int)context.Images.shape[1]);
        var cleanBatch = _batches.For(context.Epoch, context.Step);
        var cleanImages = tensor(cleanBatch.Images, cleanBatch.ImageShape);
        var cleanTargets = tensor(cleanBatch.Masks!, cleanBatch.MaskShape);
        var (v, cleanLoss) = MetaGradient.CleanDirection(context.Model, cleanImages, cleanTargets);
        var tally = new Dictionary<string, double> { [BatchesKey] = 1, [CleanLossSumKey] = cleanLoss };
        return new PixelWeights(null, Tally: tally, FromForward: (record, logits) =>
            FromGradient(context, MetaGradient.Along(context.Model, v, record, logits, context.Targets, options.VirtualStepSize), options));
    }

    /// <summary>The weights of g (or a skip), the pictures, and the tally of pixels of weight zero.</summary>
    private static PixelWeights FromGradient(PixelWeightingContext context, Tensor g, ReweightOptions options)
    {
        var weights = Normalise(g);
        long pixels = g.numel();
        using var nought = 0.0.ToScalar(); // explicit: TorchSharp's temporary Scalars can be freed mid-call (docs/training.md)
        long zero = weights is null ? pixels : weights.eq(nought).sum().item<long>();
        if (options.Pictures > 0) WritePictures(context, weights ?? zeros_like(g), options.Pictures);
        var tally = new Dictionary<string, double> { [PixelsKey] = pixels, [ZeroPixelsKey] = zero, [SkippedKey] = weights is null ? 1 : 0 };
        return new PixelWeights(weights, Skip: weights is null, tally);
    }

    /// <inheritdoc/>
    /// <remarks>Empty for an epoch without a weighted batch.</remarks>
    public IReadOnlyDictionary<string, double> EpochMetrics(IReadOnlyDictionary<string, double> tally) =>
        tally.GetValueOrDefault(BatchesKey) is > 0 and var batches
            ? new Dictionary<string, double>
            {
                [ZeroShareKey] = tally[ZeroPixelsKey] / tally[PixelsKey],
                [SkippedKey] = tally[SkippedKey],
                [CleanLossKey] = tally[CleanLossSumKey] / batches,
            }
            : new Dictionary<string, double>();

    /// <summary>w = max(g, 0) scaled to sum to g's number of elements; null when no entry of g is positive.</summary>
    public static Tensor? Normalise(Tensor g)
    {
        using var scope = NewDisposeScope();
        var w = g.relu();
        double sum = w.sum(ScalarType.Float64).item<double>();
        if (!(sum > 0)) return null;
        using var scale = ((double)g.numel() / sum).ToScalar();
        return w.mul(scale).MoveToOuterDisposeScope();
    }

    /// <summary>Pictures of the batch's rows whose training index is below <paramref name="count"/>.</summary>
    private static void WritePictures(PixelWeightingContext context, Tensor weights, int count)
    {
        var rows = Enumerable.Range(0, context.Indices.Length).Where(k => context.Indices[k] < count).ToList();
        if (rows.Count == 0) return;
        int channels = (int)context.Images.shape[1], size = (int)context.Images.shape[2];
        float[] images = context.Images.data<float>().ToArray(), targets = context.Targets.data<float>().ToArray();
        float[] w = weights.to(ScalarType.Float32).data<float>().ToArray();
        foreach (int k in rows)
            WeightMapPictures.Write(WeightMapPictures.PathOf(context.RunDirectory, context.Epoch, context.Names[k]),
                images, targets, w, k, channels, size, context.Transforms[k]);
    }
}
