using Remask.Core.Benchmarks;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Models;
using Remask.Torch.Runtime;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

namespace Remask.Torch.Benchmarks;

/// <summary>
/// The inference calls whose throughput <c>remask uncertainty</c> depends on, as timed cases on one batch: the
/// evaluation forward pass (BatchNorm folded, as prediction runs it) for reference, Monte Carlo dropout x N
/// (<see cref="MonteCarloDropout"/>) and test-time augmentation x N (<see cref="TestTimeAugmentation"/>), both
/// with the automatic pass size that the command uses. The model is U-Net-S with the default
/// <see cref="TrainingOptions"/> and random weights (speed does not depend on the weights).
/// </summary>
internal sealed class UncertaintyCases : IDisposable
{
    private readonly UNetS _model;

    /// <param name="batch">The images every call maps (N maps each for the estimators).</param>
    /// <param name="samples">N, the samples per image of both estimators (8 in BENCHMARK.md).</param>
    /// <param name="seed">Seed of the weights and of the dropout masks.</param>
    public UncertaintyCases(Batch batch, int samples = 8, long seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        NativeMemoryTuning.Apply();
        Batch = batch;
        Samples = samples;
        TorchSharp.torch.manual_seed(seed);
        _model = new UNetS(new TrainingOptions().ModelConfig(batch.Channels));
        _model.eval();
        var mc = new MonteCarloDropout(samples, seed);
        var tta = new TestTimeAugmentation(samples);
        Eval = new PeerTiming.Case("eval forward", () => { using (ModelModes.Evaluation(_model)) ModelInference.Probabilities(_model, batch); });
        MonteCarlo = new PeerTiming.Case($"MC dropout x{samples}", () => mc.Sample(_model, batch));
        Augmentation = new PeerTiming.Case($"TTA x{samples}", () => tta.Sample(_model, batch));
    }

    public Batch Batch { get; }

    public int Samples { get; }

    /// <summary>One evaluation forward pass of the batch.</summary>
    public PeerTiming.Case Eval { get; }

    /// <summary>N Monte Carlo dropout samples of the batch.</summary>
    public PeerTiming.Case MonteCarlo { get; }

    /// <summary>N test-time augmentation samples of the batch.</summary>
    public PeerTiming.Case Augmentation { get; }

    /// <summary>The three cases, to be timed alternately (<see cref="PeerTiming.Alternate"/>).</summary>
    public IReadOnlyList<PeerTiming.Case> All => [Eval, MonteCarlo, Augmentation];

    public void Dispose() => _model.Dispose();
}
