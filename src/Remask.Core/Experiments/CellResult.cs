namespace Remask.Core.Experiments;

/// <summary>
/// What one finished cell of an experiment (dataset x noise x method x seed) measured, read from its run folder.
/// </summary>
/// <param name="Dataset">The dataset's name (synth-derm, synth-ct, or a folder's name).</param>
/// <param name="Noise">The training masks' noise; <c>clean</c> for the clean-GT row.</param>
/// <param name="Method">none, relabel or reweight (<c>none</c> for the clean row).</param>
/// <param name="Seed">The training seed.</param>
/// <param name="DClean">Test Dice with the clean masks per epoch (index 0 = epoch 1), in percent.</param>
/// <param name="DNoisy">Test Dice with the noisy test masks per epoch, in percent; empty without noisy test masks.</param>
public sealed record CellResult(string Dataset, string Noise, string Method, long Seed, double[] DClean, double[] DNoisy)
{
    /// <summary>The epochs at which the relabel rule fired (one per fold model of a cross-fitted round, or the run's own
    /// relabel epochs); null where the rule did not fire and the model of the last epoch relabeled.</summary>
    public IReadOnlyList<int?> RelabelEpochs { get; init; } = [];

    /// <summary>Mean Dice of the training masks with the clean masks before the first and after the last relabel pass (0..1).</summary>
    public double? MasksDiceBefore { get; init; }

    /// <summary>See <see cref="MasksDiceBefore"/>.</summary>
    public double? MasksDiceAfter { get; init; }

    /// <summary>Share of the changed pixels that were wrong before (last pass).</summary>
    public double? ChangePrecision { get; init; }

    /// <summary>Share of the wrong pixels that the last pass changed.</summary>
    public double? ChangeRecall { get; init; }

    /// <summary>Error-detection AUROC of the uncorrected (none) model's uncertainty maps on the training images, by map
    /// (aleatoric, epistemic, entropy, mutual_information): how well each ranks the wrong training-label pixels (noisy XOR
    /// clean) above the right ones. Empty for other cells.</summary>
    public IReadOnlyDictionary<string, double> Auroc { get; init; } = new Dictionary<string, double>();

    /// <summary>Wall time of the cell's training, in seconds (of the invocation that finished it).</summary>
    public double Seconds { get; init; }

    /// <summary>Last epoch's D_clean.</summary>
    public double LastDClean => DClean[^1];

    /// <summary>Mean D_clean of the last <paramref name="epochs"/> epochs (all of them in a shorter run): a steadier
    /// reading of where training ended than the last epoch alone, which on synth-ct swings by several points from one
    /// epoch to the next at Adam's constant learning rate.</summary>
    public double MeanDCleanOfLast(int epochs) => DClean.TakeLast(epochs).Average();

    /// <summary>Last epoch's D_noisy, or null without noisy test masks.</summary>
    public double? LastDNoisy => DNoisy.Length > 0 ? DNoisy[^1] : null;

    /// <summary>The (1-based) epoch where D_clean peaked, the first of equal peaks.</summary>
    public int PeakEpoch => Array.IndexOf(DClean, DClean.Max()) + 1;
}
