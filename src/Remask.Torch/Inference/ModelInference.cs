using Remask.Torch.Data;
using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Inference;

/// <summary>Forward passes without gradients, at the training size. The model's mode is left as the caller set it
/// (evaluation, or evaluation with Monte Carlo dropout).</summary>
public static class ModelInference
{
    /// <summary>Sigmoid of the logits of a batch: B x S x S row-major.</summary>
    public static float[] Probabilities(UNetS model, Batch batch) => Probabilities(model, batch.Images, batch.ImageShape);

    /// <summary>Sigmoid of the logits of images given as a B x C x S x S row-major array: B x S x S row-major.</summary>
    public static float[] Probabilities(UNetS model, float[] images, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var x = tensor(images, shape);
        return model.call(x).sigmoid().data<float>().ToArray();
    }

    /// <summary>Sigmoid of the logits of a B x C x S x S tensor: a B x 1 x S x S tensor (owned by the caller's dispose scope).</summary>
    public static Tensor Probabilities(UNetS model, Tensor images)
    {
        using var noGrad = no_grad();
        return model.call(images).sigmoid_();
    }
}
