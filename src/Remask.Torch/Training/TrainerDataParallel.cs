using System.Diagnostics;
using Remask.Core;
using Remask.Torch.Data;
using Remask.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// The trainer's data-parallel part (docs/scale.md): with <see cref="Ranks"/> of N &gt; 1 processes, every rank builds
/// the same global batches from the seed, trains on its share (<see cref="RankShare"/>), and one all-reduce per step
/// (<see cref="GradientExchange"/>) sums the gradients, so all ranks keep identical weights (checked at every epoch's
/// end, <see cref="ReplicaCheck"/>). Rank 0 alone writes the run folder. With N = 1 nothing here runs.
/// </summary>
public sealed partial class Trainer
{
    /// <summary>The processes of a data-parallel run; one process alone by default.</summary>
    internal ICollective Ranks { get; init; } = SingleProcess.Instance;

    /// <summary>Every rank asked to stop after the last step's exchange (a vote of any rank stops all of them).</summary>
    private bool _stopAgreed;

    /// <summary>This process writes the run folder (rank 0).</summary>
    private bool Writes => Ranks.Rank == 0;

    /// <summary>What run.json and the checkpoint record: N, or null for a single process.</summary>
    private int? RecordedRanks => Ranks.Size > 1 ? Ranks.Size : null;

    /// <summary>Refuses what data-parallel training does not support yet: a hook (relabeling), a pixel weighting
    /// (reweighting), fewer images per global batch than ranks.</summary>
    private void CheckDataParallel()
    {
        if (Ranks.Size == 1) return;
        if (Hook is not null) throw new RemaskUsageException($"training on {Ranks.Size} MPI ranks supports --method none only; relabeling during training is not supported yet");
        if (Weighting is not null) throw new RemaskUsageException($"training on {Ranks.Size} MPI ranks supports --method none only; reweighting is not supported yet");
        if (options.BatchSize < Ranks.Size)
            throw new RemaskUsageException($"--batch {options.BatchSize} is the global batch, split over {Ranks.Size} MPI ranks: give at least one image per rank");
    }

    /// <summary>Refuses to resume on another number of ranks than the checkpoint's (the shares, hence the BatchNorm
    /// statistics and the generators, depend on it).</summary>
    private void CheckRanks(int? recorded)
    {
        int was = recorded ?? 1;
        if (was == Ranks.Size) return;
        string how = was == 1 ? "without mpirun" : $"with mpirun -np {was}";
        throw new RemaskUsageException($"{runDirectory}: the run was trained on {was} process(es) and this resume runs on {Ranks.Size}; resume it {how}");
    }

    /// <summary>With N &gt; 1 and a 1 x 1 bottleneck, BatchNorm cannot take a share of one image: a last global batch
    /// that would give some rank one image is left out (the single-process rule, per rank).</summary>
    private void DropSingleImageShares(List<int[]> batches)
    {
        if (Ranks.Size == 1 || options.Size >> (options.Widths.Count - 1) != 1) return;
        if (batches.Count > 1 && batches[^1].Length < 2 * Ranks.Size) batches.RemoveAt(batches.Count - 1);
        if (batches.Any(b => b.Length < 2 * Ranks.Size))
            throw new RemaskUsageException($"--batch {options.BatchSize} over {Ranks.Size} ranks leaves a rank one image per step, which BatchNorm cannot normalise at this network's 1 x 1 bottleneck: give --batch {2 * Ranks.Size} or more");
    }

    private int[] MyShare(int[] batch) => Ranks.Size == 1 ? batch : RankShare.Of(batch, Ranks.Rank, Ranks.Size);

    private bool StopRequested(CancellationToken cancellation) => Ranks.Size == 1 ? cancellation.IsCancellationRequested : _stopAgreed;

    /// <summary>Writes a checkpoint on rank 0 (every rank holds the same state after each step).</summary>
    private void Save(UNetS model, ScalarSafeAdam adam, CheckpointState state)
    {
        if (Writes) Checkpoint.Save(runDirectory, model, adam, state);
    }

    /// <summary>
    /// One data-parallel step on this rank's share (null: no image this step, zero gradients): torch's generator is
    /// seeded from (seed, epoch, step, rank), so that dropout differs between ranks and a resume needs no rank's
    /// generator state; forward and backward on the share; the all-reduce; Adam. Returns the global batch's mean
    /// loss; adds the exchange's time to <paramref name="tally"/> ("exchange_seconds", of which "allreduce_seconds").
    /// </summary>
    private float ParallelStep(UNetS model, ScalarSafeAdam adam, GradientExchange exchange, Batch? batch, int images, int epoch, int step,
        Dictionary<string, double> tally, CancellationToken cancellation)
    {
        manual_seed((long)(new SeedSequence(options.Seed, 0xD0_5EED, epoch, step, Ranks.Rank).NextUInt64() >> 1));
        using var scope = NewDisposeScope();
        double total = 0;
        void Exchange(double share, double lossSum)
        {
            var clock = Stopwatch.StartNew();
            double before = exchange.AllreduceSeconds;
            (total, bool stop) = exchange.Exchange(share, lossSum, cancellation.IsCancellationRequested);
            _stopAgreed |= stop;
            tally["exchange_seconds"] = tally.GetValueOrDefault("exchange_seconds") + clock.Elapsed.TotalSeconds;
            tally["allreduce_seconds"] = tally.GetValueOrDefault("allreduce_seconds") + exchange.AllreduceSeconds - before;
        }
        if (batch is null)
        {
            adam.zero_grad();
            exchange.ZeroGradients();
            Exchange(0, 0);
            adam.step();
        }
        else
        {
            var x = tensor(batch.Images, batch.ImageShape);
            var y = tensor(batch.Masks!, batch.MaskShape);
            TrainingStep.Take(model, adam, x, y, beforeUpdate: loss => Exchange(batch.Count / (double)images, loss.item<float>() * (double)batch.Count));
        }
        return (float)(total / images);
    }
}
