using System.Text.Json;
using Remask.Core;
using Remask.Core.Imaging;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

public class TrainerTests
{
    /// <summary>Narrow U-Net-S (depth 2) at 32 x 32: fast enough for unit tests.</summary>
    internal static TrainingOptions Tiny(int epochs = 2) => new()
    {
        Epochs = epochs, Size = 32, BatchSize = 4, LearningRate = 1e-2, Seed = 7, Widths = [4, 8, 16],
    };

    internal static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float32).data<float>().ToArray());

    [Fact]
    public void Tiny_run_lowers_the_loss_and_writes_one_metrics_row_per_epoch()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(8), Test: new DiscSampleSet(4, seed: 1));
        var result = new Trainer(data, Tiny(epochs: 3), dir.Path).Run(RunStart.New);

        Assert.Equal([1, 2, 3], result.Epochs.Select(r => r.Epoch));
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss, string.Join(" ", result.Epochs.Select(r => r.TrainLoss)));
        Assert.All(result.Epochs, r => Assert.InRange(r.DClean!.Value, 0, 100));
        Assert.All(result.Epochs, r => Assert.Null(r.DNoisy));

        string[] csv = File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv"));
        Assert.Equal("epoch,train_loss,d_clean,d_noisy,seconds,images_per_second,train_masks", csv[0]);
        Assert.Equal(4, csv.Length);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        Assert.Equal(3, json.RootElement.GetArrayLength());
        Assert.Equal(result.Epochs[1].TrainLoss, json.RootElement[1].GetProperty("train_loss").GetDouble());
        Assert.True(File.Exists(Path.Combine(dir.Path, "model.pt")));
        Assert.Equal(3, ModelInfo.Read(dir.Path).Epoch);
    }

    [Fact]
    public void D_noisy_compares_with_the_noisy_test_masks_and_D_clean_with_the_clean_ones()
    {
        using var dir = new TempDir();
        var test = new DiscSampleSet(4, seed: 1);
        // "Noisy" test masks that are the clean ones: D_noisy must equal D_clean. Empty masks give another value.
        var same = new InMemoryMasks("same", name => test.Load(int.Parse(name[5..])).Mask);
        var r1 = new Trainer(new TrainingData(new DiscSampleSet(4), Test: test, TestNoisyMasks: same), Tiny(1), dir.Sub("a")).Run(RunStart.New);
        Assert.Equal(r1.Epochs[0].DClean, r1.Epochs[0].DNoisy);
        var empty = new InMemoryMasks("empty", _ => Mask.Empty(32, 32));
        var r2 = new Trainer(new TrainingData(new DiscSampleSet(4), Test: test, TestNoisyMasks: empty), Tiny(1), dir.Sub("b")).Run(RunStart.New);
        Assert.Equal(r1.Epochs[0].DClean, r2.Epochs[0].DClean);
        Assert.NotEqual(r2.Epochs[0].DClean, r2.Epochs[0].DNoisy);
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_another_seed_does_not()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(6));
        var a = Weights(new Trainer(data, Tiny(1), dir.Sub("a")).Run(RunStart.New).Model);
        var b = Weights(new Trainer(data, Tiny(1), dir.Sub("b")).Run(RunStart.New).Model);
        var c = Weights(new Trainer(data, Tiny(1) with { Seed = 8 }, dir.Sub("c")).Run(RunStart.New).Model);
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
        Assert.Contains(a, kv => !kv.Value.SequenceEqual(c[kv.Key]));
    }

    [Fact]
    public void Background_prefetch_gives_the_weights_of_loading_on_the_training_thread()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(10), Test: new DiscSampleSet(5, seed: 1));
        var sync = new Trainer(data, Tiny(1) with { PrefetchBatches = 0 }, dir.Sub("sync")).Run(RunStart.New);
        var background = new Trainer(data, Tiny(1) with { PrefetchBatches = 2 }, dir.Sub("background")).Run(RunStart.New);
        var expected = Weights(sync.Model);
        Assert.All(Weights(background.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Equal(sync.Epochs[0].DClean, background.Epochs[0].DClean);
    }

    [Fact]
    public void Interrupted_and_resumed_run_ends_with_the_weights_of_an_uninterrupted_run()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(10), Test: new DiscSampleSet(3, seed: 1));
        var options = Tiny(2) with { DropoutP = 0.3 };
        var straight = new Trainer(data, options, dir.Sub("straight")).Run(RunStart.New);

        // Interrupt in the middle of epoch 1 (after step 2 of 3), as Ctrl-C does.
        using var cancel = new CancellationTokenSource();
        var interrupted = new Trainer(data, options, dir.Sub("resumed"))
        {
            Progress = p => { if (p is { Epoch: 1, Step: 2, Phase: "training" }) cancel.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run(RunStart.New, cancel.Token));
        var state = Checkpoint.ReadState(dir.Sub("resumed"));
        Assert.Equal((1, 2, RunPhase.Training), (state.Epoch, state.Step, state.Phase));

        var resumed = new Trainer(data, options, dir.Sub("resumed")).Run(RunStart.Resume);
        var expected = Weights(straight.Model);
        var actual = Weights(resumed.Model);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, kv => Assert.Equal(kv.Value, actual[kv.Key]));
        Assert.Equal(straight.Epochs.Select(r => (r.TrainLoss, r.DClean)), resumed.Epochs.Select(r => (r.TrainLoss, r.DClean)));
        // Both runs' model.pt hold those weights, every tensor (running statistics and counters included).
        foreach (string run in new[] { "straight", "resumed" })
        {
            var (saved, _) = ModelFolder.Load(dir.Sub(run));
            using (saved)
            {
                var file = Weights(saved);
                Assert.Equal(expected.Keys.Order(), file.Keys.Order());
                Assert.All(expected, kv => Assert.Equal(kv.Value, file[kv.Key]));
            }
        }
    }

    [Fact]
    public void A_finished_run_extended_by_resume_matches_a_longer_run()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(6));
        var two = new Trainer(data, Tiny(2), dir.Sub("two")).Run(RunStart.New);
        new Trainer(data, Tiny(1), dir.Sub("one")).Run(RunStart.New);
        var extended = new Trainer(data, Tiny(2), dir.Sub("one")).Run(RunStart.Resume);
        var expected = Weights(two.Model);
        Assert.All(Weights(extended.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Throws<RemaskUsageException>(() => new Trainer(data, Tiny(3) with { Seed = 1 }, dir.Sub("one")).Run(RunStart.Resume));
    }

    [Fact]
    public void Hook_runs_after_every_epoch_and_can_switch_the_training_masks()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(4);
        var calls = new List<(int Epoch, string? Masks)>();
        var full = new InMemoryMasks("full-masks", _ => Mask.Full(32, 32));
        var hook = new DelegateHook(ctx =>
        {
            calls.Add((ctx.Epoch, ctx.CurrentTrainMasks?.Location));
            Assert.False(ctx.Model.training);
            return new EpochHookResult(ctx.Epoch == 1 ? full : null, new Dictionary<string, double> { ["mean_uncertainty"] = ctx.Epoch / 10.0 });
        });
        var result = new Trainer(new TrainingData(train), Tiny(3), dir.Path) { Hook = hook }.Run(RunStart.New);

        Assert.Equal([(1, null), (2, "full-masks"), (3, "full-masks")], calls);
        Assert.Equal(["dataset", "full-masks", "full-masks"], result.Epochs.Select(r => r.TrainMasks));
        Assert.Equal("full-masks", Checkpoint.ReadState(dir.Path).TrainMasks);
        string[] csv = File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv"));
        Assert.EndsWith(",mean_uncertainty", csv[0]);
        Assert.EndsWith(",0.2", csv[2]);
        // Trained on all-foreground masks for two epochs, the model predicts foreground nearly everywhere.
        result.Model.eval();
        using var x = tensor(train.Load(0).Image.ToArray(), new long[] { 1, 1, 32, 32 });
        using (no_grad())
            Assert.True(result.Model.call(x).sigmoid().mean().item<float>() > 0.5f);
    }

    [Fact]
    public void A_hook_can_stop_the_run_and_a_resume_of_the_stopped_run_trains_no_further()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        var hook = new DelegateHook(ctx => new EpochHookResult(Stop: ctx.Epoch == 2));
        var stopped = new Trainer(data, Tiny(4), dir.Sub("stopped")) { Hook = hook }.Run(RunStart.New);
        var two = new Trainer(data, Tiny(2), dir.Sub("two")).Run(RunStart.New);

        Assert.Equal([1, 2], stopped.Epochs.Select(r => r.Epoch));
        Assert.True(Checkpoint.ReadState(dir.Sub("stopped")).Stopped);
        var expected = Weights(two.Model);
        Assert.All(Weights(stopped.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        var resumed = new Trainer(data, Tiny(4), dir.Sub("stopped")) { Hook = hook }.Run(RunStart.Resume);
        Assert.Equal(2, resumed.Epochs.Count);
        Assert.All(Weights(resumed.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
    }

    [Fact]
    public void A_run_interrupted_in_its_hook_reruns_the_hook_and_reopens_switched_masks_on_resume()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(6));
        var full = new InMemoryMasks("full-masks", _ => Mask.Full(32, 32));
        EpochHookResult Switch(EpochContext ctx) => new(ctx.Epoch == 1 ? full : null);
        var straight = new Trainer(data, Tiny(2), dir.Sub("straight")) { Hook = new DelegateHook(Switch) }.Run(RunStart.New);

        var calls = new List<int>();
        using var cancel = new CancellationTokenSource();
        var failing = new Trainer(data, Tiny(2), dir.Sub("resumed"))
        {
            Hook = new DelegateHook(ctx =>
            {
                calls.Add(ctx.Epoch);
                cancel.Cancel();
                throw new OperationCanceledException(cancel.Token); // Ctrl-C while the hook runs
            }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => failing.Run(RunStart.New, cancel.Token));
        Assert.Equal(RunPhase.HookPending, Checkpoint.ReadState(dir.Sub("resumed")).Phase);

        // Resume: the hook of epoch 1 runs again (the checkpoint was taken before it), then epoch 2 trains on its masks.
        var resumed = new Trainer(data, Tiny(2), dir.Sub("resumed"))
        {
            Hook = new DelegateHook(ctx => { calls.Add(ctx.Epoch); return Switch(ctx); }),
            OpenMaskFolder = location => location == "full-masks" ? full : throw new InvalidOperationException(location),
        }.Run(RunStart.Resume);
        Assert.Equal([1, 1, 2], calls);
        Assert.Equal(["dataset", "full-masks"], resumed.Epochs.Select(r => r.TrainMasks));
        var expected = Weights(straight.Model);
        Assert.All(Weights(resumed.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));

        // A third run extended from the finished one must reopen "full-masks", and cannot without an opener.
        Assert.Throws<RemaskUsageException>(() => new Trainer(data, Tiny(3), dir.Sub("resumed")).Run(RunStart.Resume));
    }

    [Fact]
    public void Hook_sees_the_earlier_rows_with_its_own_values_also_after_a_resume()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        var seen = new List<string>();
        EpochHookResult Record(EpochContext ctx)
        {
            seen.Add($"{ctx.Epoch}:" + string.Join(";", ctx.History.Select(r => $"{r.Epoch}={r.Extra["curve"]}")));
            return new EpochHookResult(Extra: new Dictionary<string, double> { ["curve"] = ctx.Epoch * 1.5 });
        }
        new Trainer(data, Tiny(2), dir.Path) { Hook = new DelegateHook(Record) }.Run(RunStart.New);
        new Trainer(data, Tiny(3), dir.Path) { Hook = new DelegateHook(Record) }.Run(RunStart.Resume);
        Assert.Equal(["1:", "2:1=1.5", "3:1=1.5;2=3"], seen);
    }

    [Fact]
    public void After_the_hook_the_model_trains_again_with_Monte_Carlo_dropout_off_even_if_the_hook_left_it_on()
    {
        using var dir = new TempDir();
        var states = new List<(bool Training, bool Dropout)>();
        var hook = new DelegateHook(ctx =>
        {
            states.Add((ctx.Model.training, ctx.Model.DropoutAtInference));
            ctx.Model.DropoutAtInference = true;
            return EpochHookResult.Nothing;
        });
        var result = new Trainer(new TrainingData(new DiscSampleSet(4)), Tiny(2), dir.Path) { Hook = hook }.Run(RunStart.New);
        Assert.Equal([(false, false), (false, false)], states);
        Assert.True(result.Model.training);
        Assert.False(result.Model.DropoutAtInference);
    }

    [Fact]
    public void Options_compare_as_a_whole_record_except_epochs_and_prefetch_depth()
    {
        var a = Tiny(2);
        Assert.True(a.SameAs(a with { Epochs = 9, PrefetchBatches = 0, Widths = [4, 8, 16] }));
        Assert.False(a.SameAs(a with { Widths = [4, 8, 32] }));
        Assert.False(a.SameAs(a with { Augmentation = a.Augmentation with { IntensityJitter = 0.1 } }));
        Assert.False(a.SameAs(a with { Threshold = 0.4 }));
    }

    [Fact]
    public void Zero_pixel_weights_leave_the_convolutions_untouched()
    {
        using var dir = new TempDir();
        manual_seed(7);
        var initial = Weights(new UNetS(new UNetSConfig(1, [4, 8, 16])));
        var zero = new DelegateWeighting(ctx => new PixelWeights(zeros_like(ctx.Targets)));
        var model = new Trainer(new TrainingData(new DiscSampleSet(4)), Tiny(1), dir.Path) { Weighting = zero }.Run(RunStart.New).Model;
        var after = Weights(model);
        Assert.All(initial.Where(kv => kv.Key.EndsWith("weight")), kv => Assert.Equal(kv.Value, after[kv.Key]));
        // ... while without weights they move.
        var moved = Weights(new Trainer(new TrainingData(new DiscSampleSet(4)), Tiny(1), dir.Sub("plain")).Run(RunStart.New).Model);
        Assert.NotEqual(initial["down.0.0.weight"], moved["down.0.0.weight"]);
    }

    private sealed class DelegateHook(Func<EpochContext, EpochHookResult> f) : IEpochHook
    {
        public EpochHookResult AfterEpoch(EpochContext context, CancellationToken cancellation) => f(context);
    }

    [Fact]
    public void A_weighting_that_runs_the_model_and_draws_random_numbers_leaves_the_step_a_plain_training_step()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(10));
        var options = Tiny(1) with { DropoutP = 0.3 };
        var plain = new Trainer(data, options, dir.Sub("plain")).Run(RunStart.New);
        // Predictions in training mode (which move BatchNorm's running statistics and draw dropout masks), a switch to
        // evaluation mode with Monte Carlo dropout, and a backward pass; then weights of 1, which change nothing.
        var meddling = new DelegateWeighting(ctx =>
        {
            ctx.Model.call(ctx.Images).sum().backward();
            ctx.Model.call(ctx.Images * 2);
            ctx.Model.eval();
            ctx.Model.DropoutAtInference = true;
            ctx.Model.call(ctx.Images);
            return new PixelWeights(ones_like(ctx.Targets), Tally: new Dictionary<string, double> { ["calls"] = 1 });
        }, tally => tally);
        var weighted = new Trainer(data, options, dir.Sub("weighted")) { Weighting = meddling }.Run(RunStart.New);
        var expected = Weights(plain.Model);
        // Every running mean, variance and batch counter too: state_dict holds the buffers.
        Assert.All(Weights(weighted.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Equal(plain.Epochs[0].TrainLoss, weighted.Epochs[0].TrainLoss);
        Assert.Equal(3, weighted.Epochs[0].Extra["calls"]);
    }

    [Fact]
    public void A_skipped_batch_is_not_trained_on()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        var skipAll = new DelegateWeighting(_ => new PixelWeights(null, Skip: true));
        var start = new Trainer(data, Tiny(1) with { Epochs = 1 }, dir.Sub("a")) { Weighting = skipAll }.Run(RunStart.New);
        manual_seed(7);
        var initial = Weights(new UNetS(new UNetSConfig(1, [4, 8, 16])));
        Assert.All(Weights(start.Model), kv => Assert.Equal(initial[kv.Key], kv.Value));
        Assert.Equal(0, start.Epochs[0].TrainLoss);
    }

    /// <summary>The weights from the step's own forward pass (<see cref="PixelWeights.FromForward"/>): that pass is the
    /// module's forward bit for bit (logits, dropout masks, running statistics moved once), so weights of 1 give exactly
    /// a run without weighting, whatever the first call did.</summary>
    [Fact]
    public void Weights_from_the_step_s_own_forward_pass_leave_the_step_a_plain_training_step()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(10));
        var options = Tiny(1) with { DropoutP = 0.3 };
        var plain = new Trainer(data, options, dir.Sub("plain")).Run(RunStart.New);
        var twoPart = new DelegateWeighting(ctx =>
        {
            ctx.Model.call(ctx.Images).sum().backward();     // moves the statistics and draws masks: undone by the trainer
            return new PixelWeights(null, Tally: new Dictionary<string, double> { ["calls"] = 1 },
                FromForward: (record, logits) =>
                {
                    Assert.False(is_grad_enabled());
                    return new PixelWeights(ones_like(ctx.Targets), Tally: new Dictionary<string, double> { ["after"] = 1 });
                });
        }, tally => tally);
        var weighted = new Trainer(data, options, dir.Sub("weighted")) { Weighting = twoPart }.Run(RunStart.New);
        var expected = Weights(plain.Model);
        Assert.All(Weights(weighted.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Equal(plain.Epochs[0].TrainLoss, weighted.Epochs[0].TrainLoss);
        Assert.Equal(3, weighted.Epochs[0].Extra["calls"]);
        Assert.Equal(3, weighted.Epochs[0].Extra["after"]);
    }

    /// <summary>A skip decided after the step's forward pass undoes that pass (running statistics, batch counters,
    /// torch's generator): the run equals one whose weighting skipped the same batch before any forward pass.</summary>
    [Fact]
    public void A_batch_skipped_after_the_step_s_forward_pass_is_not_trained_on()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(10));
        var options = Tiny(1) with { DropoutP = 0.3, Epochs = 2 };
        static bool Skipped(PixelWeightingContext ctx) => ctx.Epoch == 1 && ctx.Step == 1;
        var early = new DelegateWeighting(ctx => Skipped(ctx) ? new PixelWeights(null, Skip: true) : new PixelWeights(ones_like(ctx.Targets)));
        var late = new DelegateWeighting(ctx => new PixelWeights(null, FromForward: (_, _) =>
            Skipped(ctx) ? new PixelWeights(null, Skip: true) : new PixelWeights(ones_like(ctx.Targets))));
        var a = new Trainer(data, options, dir.Sub("early")) { Weighting = early }.Run(RunStart.New);
        var b = new Trainer(data, options, dir.Sub("late")) { Weighting = late }.Run(RunStart.New);
        var expected = Weights(a.Model);
        Assert.All(Weights(b.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Equal(a.Epochs.Select(e => e.TrainLoss), b.Epochs.Select(e => e.TrainLoss));
        var plain = Weights(new Trainer(data, options, dir.Sub("plain")).Run(RunStart.New).Model);
        Assert.Contains(expected, kv => !kv.Value.SequenceEqual(plain[kv.Key]));
    }

    private sealed class DelegateWeighting(Func<PixelWeightingContext, PixelWeights> f,
        Func<IReadOnlyDictionary<string, double>, IReadOnlyDictionary<string, double>>? summary = null) : IPixelWeighting
    {
        public PixelWeights Weigh(PixelWeightingContext context) => f(context);
        public IReadOnlyDictionary<string, double> EpochMetrics(IReadOnlyDictionary<string, double> tally) => summary?.Invoke(tally) ?? new Dictionary<string, double>();
    }
}
