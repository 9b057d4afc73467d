using Remask.Torch.Data;
using Remask.Torch.Models;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Turns one model and a batch of images into N probability maps per image, at the training size: the result is
/// B x N x S x S, row-major (image b's sample n at offset (b·N + n)·S·S), every map in the image's own frame.
/// The estimator sets the model's mode itself and restores it before returning, also on an exception or a cancel.
/// Feed each image's N x S x S stack to <c>Remask.Core.Uncertainty.UncertaintyMaps.Compute</c>.
/// </summary>
public interface IUncertaintyEstimator
{
    /// <summary>The method's name on the command line: mcdo, tta, tta+mcdo.</summary>
    string Method { get; }

    /// <summary>N, the probability maps per image.</summary>
    int Samples { get; }

    /// <summary>B x N x S x S probabilities for <paramref name="batch"/> (B = batch.Count, S = batch.Size).</summary>
    float[] Sample(UNetS model, Batch batch, CancellationToken cancellation = default);
}

/// <summary>A batch in, B x N x S x S probabilities out, with the model(s) already chosen: a single-model
/// estimator bound to its model (<see cref="BoundEstimator"/>), or a <see cref="DeepEnsemble"/>.</summary>
public interface IBatchSampler
{
    /// <summary>The method's name on the command line: mcdo, tta, tta+mcdo, ensemble.</summary>
    string Method { get; }
    /// <summary>N, the probability maps per image.</summary>
    int Samples { get; }
    /// <summary>Input channels and training size the model(s) take.</summary>
    int Channels { get; }
    /// <summary>S, the training size: images are resized to S x S.</summary>
    int Size { get; }
    /// <summary>B x N x S x S probabilities for <paramref name="batch"/> (B = batch.Count).</summary>
    float[] Sample(Batch batch, CancellationToken cancellation = default);
}

/// <summary>A single-model estimator with its model and training size.</summary>
public sealed class BoundEstimator(IUncertaintyEstimator estimator, UNetS model, int size) : IBatchSampler
{
    /// <inheritdoc/>
    public string Method => estimator.Method;
    /// <inheritdoc/>
    public int Samples => estimator.Samples;
    /// <inheritdoc/>
    public int Channels => model.Config.InChannels;
    /// <inheritdoc/>
    public int Size => size;
    /// <inheritdoc/>
    public float[] Sample(Batch batch, CancellationToken cancellation = default) => estimator.Sample(model, batch, cancellation);
}
