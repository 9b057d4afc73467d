using Remask.Core;

namespace Remask.Torch.Uncertainty;

/// <summary>The single-model estimators by their command-line names (the ensemble needs member models: <see cref="DeepEnsemble"/>).</summary>
public static class EstimatorFactory
{
    /// <summary>The names <see cref="Create"/> takes: mcdo, tta, tta+mcdo.</summary>
    public static IReadOnlyList<string> SingleModelMethods { get; } = ["mcdo", "tta", "tta+mcdo"];

    /// <summary>
    /// mcdo: <paramref name="samples"/> dropout samples (default 8); tta: that many of the 8 dihedral views (default 8);
    /// tta+mcdo: the 8 views with that many dropout samples each (default 2). <paramref name="seed"/> seeds the dropout masks.
    /// </summary>
    public static IUncertaintyEstimator Create(string method, int? samples, long seed) => method switch
    {
        "mcdo" => new MonteCarloDropout(samples ?? 8, seed),
        "tta" => new TestTimeAugmentation(samples ?? 8),
        "tta+mcdo" => new TtaMonteCarloDropout(8, samples ?? 2, seed),
        "ensemble" => throw new RemaskUsageException("an ensemble is made of separately trained models: train the members (remask uncertainty --method ensemble) instead"),
        _ => throw new RemaskUsageException($"unknown uncertainty method '{method}' (expected one of: {string.Join(", ", SingleModelMethods)})"),
    };
}
