using Remask.Core;
using Remask.Torch.Inference;
using Remask.Torch.Interchange;

namespace Remask.Torch.Uncertainty;

/// <summary>A sampler opened from disk with what must be disposed after it (the model or the ensemble's members).</summary>
public sealed class OpenedSampler(IBatchSampler sampler, IDisposable owner) : IDisposable
{
    /// <summary>The sampler, usable until the opened sampler is disposed.</summary>
    public IBatchSampler Sampler { get; } = sampler;

    /// <summary>Disposes the model or the ensemble's members.</summary>
    public void Dispose() => owner.Dispose();

    /// <summary>
    /// Opens <paramref name="model"/> for <paramref name="method"/>: for ensemble, a folder of member run folders (the first
    /// <paramref name="samples"/> members, default all); otherwise one run folder with the single-model estimator of
    /// <see cref="EstimatorFactory"/>. A folder of members given for a single-model method is a usage error.
    /// <paramref name="precision"/> (fp32 or bf16, resolved: <see cref="PrecisionChoice.Resolve"/>) is the evaluation
    /// forward's number format for the model or every member (<see cref="Models.UNetS.InferencePrecision"/>).
    /// </summary>
    public static OpenedSampler Open(string model, string method, int? samples, long seed, InferencePrecision precision = InferencePrecision.Fp32)
    {
        if (method == "ensemble")
        {
            var ensemble = DeepEnsemble.Load(model);
            foreach (var member in ensemble.Members) member.InferencePrecision = precision;
            if (samples is null || samples == ensemble.Samples) return new OpenedSampler(ensemble, ensemble);
            if (samples > ensemble.Samples || samples < 2)
            {
                ensemble.Dispose();
                throw new RemaskUsageException($"--samples {samples}: {model} holds {ensemble.Samples} ensemble members (at least 2 are needed)");
            }
            return new OpenedSampler(new DeepEnsemble(ensemble.Members.Take(samples.Value).ToList(), ensemble.Size), ensemble);
        }
        if (Directory.Exists(model) && !ModelFolder.IsModelFolder(model) && Directory.GetDirectories(model).Any(ModelFolder.IsModelFolder))
            throw new RemaskUsageException($"--model {model} holds ensemble members; use the ensemble method or name one member's run folder");
        var estimator = EstimatorFactory.Create(method, samples, seed);
        var (unet, info) = ModelFolder.Load(model);
        unet.InferencePrecision = precision;
        return new OpenedSampler(new BoundEstimator(estimator, unet, info.Size), unet);
    }
}
