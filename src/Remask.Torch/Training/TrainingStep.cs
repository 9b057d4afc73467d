using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// One optimisation step of <see cref="Trainer"/>, the unit that is checked against PyTorch (docs/training.md,
/// "Checked against PyTorch"): zero the gradients, logits = model(images) in the model's current mode,
/// loss = <see cref="SegmentationLoss"/>(logits, targets, weights), backward, one <see cref="ScalarSafeAdam"/> step.
/// Images N x C x S x S, targets and the optional per-pixel weights N x 1 x S x S. A data-parallel step sums the
/// gradients over the ranks between backward and the Adam step (the beforeUpdate callback, <see cref="GradientExchange"/>).
/// </summary>
internal static class TrainingStep
{
    /// <summary>Takes the step; returns the loss (a 0-d tensor in the caller's dispose scope), computed before the update.</summary>
    public static Tensor Take(UNetS model, ScalarSafeAdam adam, Tensor images, Tensor targets, Tensor? weights = null, Action<Tensor>? beforeUpdate = null)
    {
        adam.zero_grad();
        return Finish(adam, model.call(images), targets, weights, beforeUpdate);
    }

    /// <summary>The step after its forward pass (gradients cleared before it): loss, backward, one Adam step; returns the loss.</summary>
    public static Tensor Finish(ScalarSafeAdam adam, Tensor logits, Tensor targets, Tensor? weights, Action<Tensor>? beforeUpdate = null)
    {
        var loss = SegmentationLoss.Compute(logits, targets, weights);
        loss.backward();
        beforeUpdate?.Invoke(loss);
        adam.step();
        return loss;
    }
}
