using Remask.Torch.Data;
using Remask.Torch.Models;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Monte Carlo dropout (Gal and Ghahramani 2016): N passes with the spatial dropout layers active and every BatchNorm
/// in evaluation mode. The encoder runs once per batch (nothing before the first dropout is random) and the decoder in
/// passes of up to <see cref="SamplesPerPass"/>·B rows (by default as many samples as keep a pass within
/// <see cref="SampledForward.PassPixels"/>: smaller passes are faster here, docs/uncertainty.md). Sample n of image i uses dropout masks drawn from
/// (<see cref="Seed"/>, i, n): the same maps for the same seed, whatever the batching, and torch's generator is untouched.
/// </summary>
public sealed class MonteCarloDropout : IUncertaintyEstimator
{
    /// <inheritdoc/>
    public string Method => "mcdo";
    /// <inheritdoc/>
    public int Samples { get; }
    /// <summary>The seed of the dropout masks.</summary>
    public long Seed { get; }
    /// <summary>Samples per decoder pass; 0: automatic.</summary>
    public int SamplesPerPass { get; }

    /// <param name="samples">N, at least 2.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="samplesPerPass">Samples per decoder pass; 0 = automatic (<see cref="SampledForward.AutomaticSamplesPerPass"/>).</param>
    public MonteCarloDropout(int samples, long seed = 0, int samplesPerPass = 0)
    {
        if (samples < 2) throw new Core.RemaskUsageException($"Monte Carlo dropout needs at least 2 samples, got {samples}");
        Samples = samples;
        Seed = seed;
        SamplesPerPass = Math.Max(0, samplesPerPass);
    }

    /// <inheritdoc/>
    /// <exception cref="Core.RemaskUsageException">The model has no dropout.</exception>
    public float[] Sample(UNetS model, Batch batch, CancellationToken cancellation = default)
    {
        if (model.Config.DropoutP <= 0) throw new Core.RemaskUsageException("Monte Carlo dropout needs a model trained with dropout (its dropout is 0)");
        return SampledForward.Run(model, batch, new SamplePlan(new int[Samples], Dropout: true), SamplesPerPass, Seed, cancellation);
    }
}
