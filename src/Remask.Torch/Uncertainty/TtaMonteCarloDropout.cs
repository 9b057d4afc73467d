using Remask.Torch.Data;
using Remask.Torch.Models;
using Remask.Torch.Training;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Test-time augmentation and Monte Carlo dropout together: each of V views (the first V symmetries of the square) is
/// sampled K times with dropout, N = V·K samples per image, ordered view-major (sample v·K + k). The variance of the N
/// samples splits into the part between views (the data/augmentation part) and the part within views (the model/dropout
/// part): <c>Remask.Core.Uncertainty.VarianceDecomposition.Compute(stack, V, K, ...)</c>.
/// </summary>
public sealed class TtaMonteCarloDropout : IUncertaintyEstimator
{
    /// <inheritdoc/>
    public string Method => "tta+mcdo";
    /// <summary>V, the views (the first V symmetries of the square).</summary>
    public int Views { get; }
    /// <summary>K, the dropout samples per view.</summary>
    public int DropoutSamples { get; }
    /// <inheritdoc/>
    /// <remarks>N = V·K.</remarks>
    public int Samples => Views * DropoutSamples;
    /// <summary>The seed of the dropout masks.</summary>
    public long Seed { get; }
    /// <summary>Dropout samples per decoder pass; 0: automatic.</summary>
    public int SamplesPerPass { get; }

    /// <param name="views">V, 1 to 8.</param>
    /// <param name="dropoutSamples">K per view, at least 2.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="samplesPerPass">Dropout samples per decoder pass (each view's K samples share one encoder pass); 0 = automatic (<see cref="SampledForward.AutomaticSamplesPerPass"/>).</param>
    public TtaMonteCarloDropout(int views, int dropoutSamples, long seed = 0, int samplesPerPass = 0)
    {
        if (views is < 1 or > Dihedral.Count) throw new Core.RemaskUsageException($"views must be 1 to {Dihedral.Count}, got {views}");
        if (dropoutSamples < 2) throw new Core.RemaskUsageException($"Monte Carlo dropout needs at least 2 samples per view, got {dropoutSamples}");
        Views = views;
        DropoutSamples = dropoutSamples;
        Seed = seed;
        SamplesPerPass = Math.Max(0, samplesPerPass);
    }

    /// <inheritdoc/>
    /// <exception cref="Core.RemaskUsageException">The model has no dropout.</exception>
    public float[] Sample(UNetS model, Batch batch, CancellationToken cancellation = default)
    {
        if (model.Config.DropoutP <= 0) throw new Core.RemaskUsageException("Monte Carlo dropout needs a model trained with dropout (its dropout is 0)");
        var transforms = Enumerable.Range(0, Samples).Select(n => n / DropoutSamples).ToArray();
        return SampledForward.Run(model, batch, new SamplePlan(transforms, Dropout: true), SamplesPerPass, Seed, cancellation);
    }
}
