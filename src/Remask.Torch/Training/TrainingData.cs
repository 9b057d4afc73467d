using Remask.Core.Datasets;

namespace Remask.Torch.Training;

/// <summary>
/// What a run trains and evaluates on. <see cref="TrainMasks"/> replaces the masks of <see cref="Train"/>
/// (the noisy masks); the masks of <see cref="Test"/> are the clean ones (D_clean) and <see cref="TestNoisyMasks"/>
/// the noisy copies (D_noisy). Every part but <see cref="Train"/> is optional.
/// </summary>
public sealed record TrainingData(
    ISampleSet Train,
    IMaskSource? TrainMasks = null,
    ISampleSet? Test = null,
    IMaskSource? TestNoisyMasks = null);
