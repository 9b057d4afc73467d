using Remask.Core;

namespace Remask.Torch.Reweighting;

/// <summary>
/// Settings of the reweighting method (<c>--method reweight</c>, <see cref="MetaReweighting"/>). Part of the run's
/// <see cref="Training.TrainingOptions"/>, so a resume with other settings is refused.
/// </summary>
public sealed record ReweightOptions
{
    /// <summary>α of the virtual SGD step θ' = θ - α ∇θ L. At ε = 0 the step is exactly zero, so α only scales the
    /// meta-gradient (by α) and the normalised weights do not depend on it; the default is Adam's default learning
    /// rate, as Ren et al. take the training learning rate.</summary>
    public double VirtualStepSize { get; init; } = 1e-3;

    /// <summary>Clean images per step (null: the run's batch size); at most the clean subset's size.</summary>
    public int? CleanBatchSize { get; init; }

    /// <summary>Training images (the first ones of the set) whose weight maps are saved each epoch under
    /// RUN/weight-maps/epoch-EEE/.</summary>
    public int Pictures { get; init; } = 4;

    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: a virtual step size that is not positive and
    /// finite, a clean batch size below 1, or negative pictures.
    /// </summary>
    public void Validate()
    {
        if (!(VirtualStepSize > 0) || double.IsInfinity(VirtualStepSize))
            throw new RemaskUsageException($"reweight: the virtual step size must be positive, got {VirtualStepSize}");
        if (CleanBatchSize is < 1) throw new RemaskUsageException($"reweight: the clean batch size must be at least 1, got {CleanBatchSize}");
        if (Pictures < 0) throw new RemaskUsageException($"reweight: pictures must be 0 or more, got {Pictures}");
    }
}
