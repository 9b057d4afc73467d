using Remask.Core.Datasets;
using System.Diagnostics;
using Remask.Core;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>The outcome of <see cref="Trainer.Run"/>: one metrics row per epoch and the trained model.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, string RunDirectory, UNetS Model);

/// <summary>
/// Trains U-Net-S on (image, mask) pairs: BCE + soft Dice, Adam, shuffled batches with flips, 90-degree
/// rotations and optional intensity jitter, prepared on a background thread. After every epoch it scores the
/// test split (D_clean, D_noisy), writes metrics.csv / metrics.json, model.pt / model.json and a checkpoint,
/// and calls the <see cref="Hook"/>. Cancellation stops at the next step after writing a checkpoint, from which
/// <see cref="RunStart.Resume"/> continues to the same weights an uninterrupted run reaches. After a kill (no checkpoint
/// written at the end) it continues from the last checkpoint, put back first if the kill fell inside its swap
/// (<see cref="RunFolder.Prepare"/>), or starts again when there was none yet; to the same weights too.
/// <para>Uses torch's global random generator (weight initialisation, dropout): do not run two trainers at once
/// in one process.</para>
/// </summary>
/// <example>
/// Train on noisy masks and score every epoch against the test split's clean masks (samples/QuickStart):
/// <code>
/// var train = new SyntheticSampleSet(SyntheticKind.Derm, count: 400, size: 64, seed: 1);
/// var test = new SyntheticSampleSet(SyntheticKind.Derm, count: 100, size: 64, SyntheticSplits.TestSeed(1));
/// var options = new TrainingOptions { Epochs = 12, Size = 64, BatchSize = 16, Seed = 1 };
/// var data = new TrainingData(train, TrainMasks: new MaskFolderSource("noisy-masks", ForegroundRule.AnyPositive), Test: test);
/// TrainingResult result = new Trainer(data, options, "runs/none").Run(RunStart.New);   // RunStart.Resume continues
/// using var model = result.Model;
/// double dClean = result.Epochs[^1].DClean!.Value;
/// </code>
/// </example>
public sealed partial class Trainer(TrainingData data, TrainingOptions options, string runDirectory)
{
    /// <summary>Called after each epoch (the relabeling step).</summary>
    public IEpochHook? Hook { get; init; }

    /// <summary>Per-pixel loss weights (the reweighting baseline), asked before every step. The call cannot change the
    /// step: the model's buffers, torch's generator and the model's modes are restored after it (<see cref="IPixelWeighting"/>).</summary>
    public IPixelWeighting? Weighting { get; init; }

    /// <summary>Receives progress after every step; called on the training thread.</summary>
    public Action<TrainingProgress>? Progress { get; init; }

    /// <summary>How the caller describes the data (for example the command line's paths), stored in run.json.</summary>
    public Dictionary<string, string?> DataDescription { get; init; } = new();

    /// <summary>Reopens a training-masks folder recorded in a checkpoint (needed to resume a run whose hook switched masks).</summary>
    public Func<string, IMaskSource>? OpenMaskFolder { get; init; }

    /// <summary>
    /// Trains the run to its last epoch: checks and prepares the run folder as <paramref name="start"/> says (holding
    /// its <see cref="RunLock"/>), then trains, evaluates, writes and calls the hook epoch by epoch.
    /// </summary>
    /// <param name="start">A new run, a replaced folder, a resume, or a prepared folder.</param>
    /// <param name="cancellation">
    /// Stops at the next step, after writing a checkpoint, with an <see cref="OperationCanceledException"/>.
    /// </param>
    public TrainingResult Run(RunStart start, CancellationToken cancellation = default)
    {
        options.Validate();
        NativeMemoryTuning.Apply();
        if (data.Train.Count == 0) throw new RemaskDataException("training set", "has no images");
        CheckDataParallel();
        // rank 0 alone prepares and writes the run folder; the other ranks read it once it is ready (docs/scale.md)
        if (Writes) RunFolder.Check(runDirectory, start);
        using var runLock = Writes ? RunLock.Acquire(runDirectory) : null;
        if (Writes) RunFolder.Prepare(runDirectory, start);
        Ranks.Barrier();
        // killed before its first checkpoint: the run starts again, from the seed, to the same weights
        if (start == RunStart.Resume && !Checkpoint.Exists(runDirectory)) start = RunStart.Prepared;

        CheckpointState state;
        UNetS model;
        ScalarSafeAdam adam;
        IMaskSource? masks;
        if (start == RunStart.Resume)
        {
            state = Checkpoint.ReadState(runDirectory);
            CheckRanks(state.Ranks);
            if (!state.Options.SameAs(options))
            {
                // the caller's options are run.json's (train --resume): then the checkpoint is the one that is wrong
                if (RecordedOptions(runDirectory)?.SameAs(options) == true)
                    throw new RemaskDataException(Checkpoint.StatePath(runDirectory), $"corrupt checkpoint: its options differ from those {RunInfo.FileName} records");
                throw new RemaskUsageException($"{runDirectory}: the options differ from those the run was started with (only the number of epochs may change on resume)");
            }
            state = state with { Options = options };
            model = new UNetS(options.ModelConfig(state.InChannels));
            adam = new ScalarSafeAdam(model.parameters(), options.LearningRate);
            Checkpoint.Restore(runDirectory, model, adam, state);
            masks = ReopenMasks(state.TrainMasks);
        }
        else
        {
            int channels = data.Train.Load(0).Image.Channels;
            manual_seed(options.Seed);
            model = new UNetS(options.ModelConfig(channels));
            adam = new ScalarSafeAdam(model.parameters(), options.LearningRate);
            masks = data.TrainMasks;
            state = new CheckpointState { Options = options, InChannels = channels, Epoch = 1, TrainMasks = masks?.Location, RngState = Checkpoint.CurrentRngState(), Ranks = RecordedRanks };
            if (Writes) new RunInfo { Options = options, Data = DataDescription, Ranks = RecordedRanks }.Write(runDirectory);
        }
        model.train();
        var exchange = Ranks.Size > 1 ? new GradientExchange(model, Ranks) : null;

        while (state.Epoch <= options.Epochs && !state.Stopped)
        {
            if (state.Phase == RunPhase.Training)
                state = TrainEpoch(model, adam, exchange, state, masks, cancellation);
            (state, masks) = FinishEpoch(model, adam, state, masks, cancellation);
        }
        return new TrainingResult(state.Rows, runDirectory, model);
    }

    private IMaskSource? ReopenMasks(string? location)
    {
        if (location is null) return null;
        if (data.TrainMasks is not null && PathsEqual(data.TrainMasks.Location, location)) return data.TrainMasks;
        if (OpenMaskFolder is null) throw new RemaskUsageException($"the run trains on masks from {location}, which the caller cannot reopen");
        try
        {
            return OpenMaskFolder(location);
        }
        catch (RemaskDataException e)
        {
            throw new RemaskDataException(Checkpoint.StatePath(runDirectory), $"the checkpoint trains on masks from {location}, which cannot be opened ({e.Message})", e);
        }
    }

    /// <summary>The options run.json records, or null when it cannot be read.</summary>
    private static TrainingOptions? RecordedOptions(string runDirectory)
    {
        try { return RunInfo.Read(runDirectory).Options; }
        catch (RemaskDataException) { return null; }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    /// <summary>Runs the remaining steps of the epoch, then evaluates; returns the state with the hook pending.</summary>
    private CheckpointState TrainEpoch(UNetS model, ScalarSafeAdam adam, GradientExchange? exchange, CheckpointState state, IMaskSource? masks, CancellationToken cancellation)
    {
        int epoch = state.Epoch;
        int n = data.Train.Count, b = options.BatchSize;
        int[] order = new SeedSequence(options.Seed, 0x5A1E, epoch).Permutation(n);
        var batches = Enumerable.Range(0, (n + b - 1) / b).Select(i => order[(i * b)..Math.Min(n, (i + 1) * b)]).ToList();
        // BatchNorm cannot take a batch of one image whose bottleneck is 1 x 1: leave such a last image out.
        if (batches.Count > 1 && batches[^1].Length == 1 && options.Size >> (options.Widths.Count - 1) == 1) batches.RemoveAt(batches.Count - 1);
        DropSingleImageShares(batches);
        var assembler = new BatchAssembler(data.Train, "training", options.Size, state.InChannels, $"the first training image '{data.Train.NameOf(0)}'");

        double lossSum = state.LossSum;
        int seen = state.ImagesSeen;
        var tally = new Dictionary<string, double>(state.WeightingTally);
        var clock = Stopwatch.StartNew();
        double secondsBefore = state.Seconds;
        double Seconds() => secondsBefore + clock.Elapsed.TotalSeconds;
        var last = state.Rows.LastOrDefault();

        // Cancellation is checked below, where a checkpoint is written first; the stream itself is not cancelled.
        // each rank assembles its share of every global batch (all of it in a single process); an empty share is null
        using (var prefetched = BatchStream.Assemble(batches.Skip(state.Step).Select(MyShare).ToList(),
                   ix => ix.Length == 0 ? null! : assembler.Training(ix, masks, options.Augmentation, options.Seed, epoch),
                   options.PrefetchBatches).GetEnumerator())
        {
            for (int step = state.Step; step < batches.Count; step++)
            {
                if (StopRequested(cancellation))
                {
                    Save(model, adam, state with
                    {
                        Step = step, LossSum = lossSum, ImagesSeen = seen, Seconds = Seconds(), WeightingTally = new(tally), RngState = Checkpoint.CurrentRngState(),
                    });
                    throw new OperationCanceledException(cancellation);
                }
                prefetched.MoveNext();
                var batch = prefetched.Current;
                int images = batches[step].Length;   // the global batch's (this rank's share is batch.Count)
                if ((exchange is null ? TrainStep(model, adam, batch, epoch, step, tally) : ParallelStep(model, adam, exchange, batch, images, epoch, step, tally, cancellation)) is float loss)
                {
                    lossSum += loss * images;
                    seen += images;
                }
                Progress?.Invoke(new TrainingProgress(epoch, options.Epochs, step + 1, batches.Count, lossSum / seen,
                    seen / Math.Max(Seconds(), 1e-9), last?.DClean, last?.DNoisy, "training"));
            }
        }
        double trainSeconds = Seconds();
        var trained = state with { Step = batches.Count, LossSum = lossSum, ImagesSeen = seen, Seconds = trainSeconds, WeightingTally = new(tally) };
        ReplicaCheck.Verify(model, Ranks, epoch, runDirectory);

        Progress?.Invoke(new TrainingProgress(epoch, options.Epochs, batches.Count, batches.Count, lossSum / Math.Max(seen, 1),
            seen / Math.Max(trainSeconds, 1e-9), last?.DClean, last?.DNoisy, "evaluating"));
        TestScores scores;
        try
        {
            scores = data.Test is null ? new TestScores(null, null, 0)
                : Evaluator.Evaluate(model, data.Test, data.TestNoisyMasks, options.Size, options.BatchSize, options.Threshold, options.PrefetchBatches,
                    Ranks, Ranks.Size == 1 ? cancellation : CancellationToken.None);   // ranks stop together, at a step
        }
        catch (OperationCanceledException)
        {
            Save(model, adam, trained with { RngState = Checkpoint.CurrentRngState() });
            throw;
        }
        var row = new EpochMetrics
        {
            Epoch = epoch, TrainLoss = lossSum / Math.Max(seen, 1), DClean = scores.DClean, DNoisy = scores.DNoisy,
            Seconds = trainSeconds, ImagesPerSecond = seen / Math.Max(trainSeconds, 1e-9), TrainMasks = masks?.Location ?? "dataset",
            Extra = Weighting is not null ? new Dictionary<string, double>(Weighting.EpochMetrics(tally)) : exchange is not null ? new(tally) : new(),
        };
        var pending = trained with { Phase = RunPhase.HookPending, PendingRow = row, RngState = Checkpoint.CurrentRngState() };
        Save(model, adam, pending);
        return pending;
    }

    /// <summary>Runs the hook, records the row, writes metrics and the model, and moves to the next epoch.</summary>
    private (CheckpointState, IMaskSource?) FinishEpoch(UNetS model, ScalarSafeAdam adam, CheckpointState state, IMaskSource? masks, CancellationToken cancellation)
    {
        var row = state.PendingRow ?? throw new RemaskDataException(Checkpoint.FolderOf(runDirectory), "corrupt checkpoint: hook pending without metrics");
        bool stop = false;
        if (Hook is not null)
        {
            model.eval();
            try
            {
                var result = Hook.AfterEpoch(new EpochContext(state.Epoch, row, state.Rows, model, data, masks, options, runDirectory), cancellation);
                if (result.Extra is not null)
                {
                    var extra = new Dictionary<string, double>(row.Extra);
                    foreach (var (key, value) in result.Extra) extra[key] = value;
                    row = row with { Extra = extra };
                }
                if (result.NewTrainMasks is not null) masks = result.NewTrainMasks;
                stop = result.Stop;
            }
            finally
            {
                model.DropoutAtInference = false;
                model.train();
            }
        }
        var rows = state.Rows.Append(row).ToList();
        if (Writes)
        {
            MetricsFiles.Write(runDirectory, rows);
            StateDictFile.Save(model, Path.Combine(runDirectory, "model.pt"));
            new ModelInfo
            {
                InChannels = state.InChannels, Widths = options.Widths, DropoutP = options.DropoutP, Size = options.Size,
                Threshold = options.Threshold, Epoch = state.Epoch,
            }.Write(runDirectory);
        }
        var next = state with
        {
            Epoch = state.Epoch + 1, Step = 0, Phase = RunPhase.Training, LossSum = 0, ImagesSeen = 0, Seconds = 0, WeightingTally = new(),
            Rows = rows, PendingRow = null, TrainMasks = masks?.Location, RngState = Checkpoint.CurrentRngState(), Stopped = stop,
        };
        Save(model, adam, next);
        Progress?.Invoke(new TrainingProgress(state.Epoch, options.Epochs, 0, 0, row.TrainLoss, row.ImagesPerSecond, row.DClean, row.DNoisy, "epoch done"));
        return (next, masks);
    }

    /// <summary>One step; returns its loss, or null when the pixel weighting skipped the batch. Adds the weighting's
    /// tally to <paramref name="tally"/>.</summary>
    private float? TrainStep(UNetS model, ScalarSafeAdam adam, Batch batch, int epoch, int step, Dictionary<string, double> tally)
    {
        using var scope = NewDisposeScope();
        var x = tensor(batch.Images, batch.ImageShape);
        var y = tensor(batch.Masks!, batch.MaskShape);
        Tensor? weights = null;
        if (Weighting is not null)
        {
            PixelWeights answer;
            using (new StepIsolation(model))
                answer = Weighting.Weigh(new PixelWeightingContext(model, x, y, batch.Indices, batch.Names,
                    batch.Transforms ?? new int[batch.Count], epoch, step, options, runDirectory));
            Add(tally, answer);
            if (answer.Skip) return null;
            if (answer.FromForward is { } finish) return StepOnOwnForward(model, adam, x, y, finish, tally);
            weights = answer.Weights?.detach();
        }
        return TrainingStep.Take(model, adam, x, y, weights).item<float>();
    }

    private static void Add(Dictionary<string, double> tally, PixelWeights answer)
    {
        foreach (var (key, value) in answer.Tally ?? new Dictionary<string, double>())
            tally[key] = tally.GetValueOrDefault(key) + value;
    }

    /// <summary>A step whose weights come from its own forward pass (<see cref="PixelWeights.FromForward"/>): the pass
    /// with a record, the weights, then loss, backward and Adam on the same logits; a skip undoes the pass.</summary>
    private static float? StepOnOwnForward(UNetS model, ScalarSafeAdam adam, Tensor x, Tensor y, Func<ForwardRecord, Tensor, PixelWeights> finish,
        Dictionary<string, double> tally)
    {
        using var undo = new StepIsolation(model);   // puts the pass's statistics and generator back unless kept
        PixelWeights answer;
        Tensor logits;
        using (var record = new ForwardRecord())
        {
            adam.zero_grad();
            logits = UNetSFunctional.Forward(model, UNetSFunctional.Parameters(model), x, record, updateRunningStatistics: true);
            using (no_grad()) answer = finish(record, logits);
        }
        Add(tally, answer);
        if (answer.Skip) return null;
        undo.Keep();
        return TrainingStep.Finish(adam, logits, y, answer.Weights?.detach()).item<float>();
    }
}
