using Remask.Core.Datasets;

namespace Remask.Torch.Training;

/// <summary>Training images whose clean masks are known (<c>--clean-subset</c>): <paramref name="Masks"/> holds them,
/// or null when the images' own dataset masks are the clean ones (benchmarks, where the noisy masks come from --masks).
/// Read by relabeling's clean-subset epoch rule and by the reweighting method's clean batches.</summary>
public sealed record CleanSubset(ISampleSet Images, IMaskSource? Masks);
