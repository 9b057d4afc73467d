using Remask.Core;
using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Relabeling.EpochRules;
using Remask.Torch.Relabeling;
using Remask.Torch.Tests.Support;
using Remask.Torch.Tests.Training;
using Remask.Torch.Training;

namespace Remask.Torch.Tests.Relabeling;

public class RelabelHookTests
{
    /// <summary>Noisy training masks: each disc eroded by 3 pixels (the clean disc is the dataset's own mask).</summary>
    internal static InMemoryMasks Eroded(DiscSampleSet set) =>
        new("eroded", name => DiskMorphology.Erode(set.Load(int.Parse(name[5..])).Mask!, 3));

    private static TrainingOptions Relabeling(int epochs, RelabelOptions relabel) =>
        TrainerTests.Tiny(epochs) with { Relabel = relabel, BatchSize = 4 };

    private static RelabelHook Hook(TrainingOptions options) => new(options.Relabel!, options.Seed)
    {
        OpenMaskFolder = folder => new MaskFolderSource(folder, ForegroundRule.AnyPositive),
        ScoreAgainstDatasetMasks = true,
    };

    private static readonly RelabelOptions AtEpoch2 = new()
    {
        Trigger = RelabelTrigger.Fixed, FixedEpoch = 2, Samples = 2, MonitorEvery = 2, Rounds = 1, MaxAgreementDrop = 1,
        Flip = RelabelOptions.DefaultFlip with { Guard = null },
    };

    [Fact]
    public void A_relabel_run_writes_repaired_masks_the_curves_and_the_ranking_and_trains_on_the_new_masks()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var noisy = Eroded(train);
        var options = Relabeling(3, AtEpoch2);
        var result = new Trainer(new TrainingData(train, noisy), options, dir.Path) { Hook = Hook(options) }.Run(RunStart.New);

        var rows = result.Epochs;
        Assert.Equal(["eroded", "eroded", Path.Combine(dir.Path, "relabeled-round-1")], rows.Select(r => r.TrainMasks));
        Assert.False(rows[0].Extra.ContainsKey(RelabelHook.RoundKey));
        Assert.Equal(1, rows[1].Extra[RelabelHook.RoundKey]);
        Assert.Equal(2, rows[1].Extra[RelabelHook.PickedKey]);
        Assert.True(rows[1].Extra.ContainsKey(RelabelHook.DiceBeforeKey));
        Assert.All(rows.Take(2), r => Assert.InRange(r.Extra[RelabelHook.MeanCumulativeKey], 0, 32 * 32 * 0.25));

        // One mask per training image, at the image's size, in both the round folder and relabeled/.
        foreach (string folder in new[] { "relabeled-round-1", "relabeled" })
        {
            var files = Directory.GetFiles(Path.Combine(dir.Path, folder), "*.png").Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, 8).Select(i => $"disc_{i:D3}.png"), files);
        }
        var written = ImageFiles.ReadMask(Path.Combine(dir.Path, "relabeled", "disc_000.png"), ForegroundRule.AnyPositive);
        Assert.Equal((32, 32), (written.Width, written.Height));

        // The curve has the two monitored epochs; the ranking has every image once.
        string[] curve = File.ReadAllLines(Path.Combine(dir.Path, CurveFile.Name));
        Assert.Equal("epoch,mean_cumulative_u,relative_change,label_agreement,clean_subset_dice,relabel_round", curve[0]);
        Assert.Equal(["1", "2"], curve.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("1", curve[2].Split(',')[5]);
        string[] quality = File.ReadAllLines(Path.Combine(dir.Path, RelabelFiles.QualityFile));
        Assert.Equal(9, quality.Length);
        Assert.Equal(8, quality.Skip(1).Select(l => l.Split(',')[1]).Distinct().Count());
        var scores = quality.Skip(1).Select(l => double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.True(File.Exists(Path.Combine(dir.Path, "relabel-round-1.csv")));
    }

    [Fact]
    public void Resuming_through_the_relabel_epoch_gives_the_same_masks_and_weights()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var options = Relabeling(3, AtEpoch2);
        var straight = new Trainer(new TrainingData(train, Eroded(train)), options, dir.Sub("straight")) { Hook = Hook(options) }.Run(RunStart.New);

        // Stop after epoch 2's hook (Ctrl-C early in epoch 3), then resume.
        using var cancel = new CancellationTokenSource();
        var first = new Trainer(new TrainingData(train, Eroded(train)), options, dir.Sub("resumed"))
        {
            Hook = Hook(options),
            Progress = p => { if (p.Epoch == 3 && p.Phase == "training") cancel.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => first.Run(RunStart.New, cancel.Token));
        var resumed = new Trainer(new TrainingData(train, Eroded(train)), options, dir.Sub("resumed"))
        {
            Hook = Hook(options),
            OpenMaskFolder = folder => new MaskFolderSource(folder, ForegroundRule.AnyPositive),
        }.Run(RunStart.Resume);

        var expected = TrainerTests.Weights(straight.Model);
        Assert.All(TrainerTests.Weights(resumed.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        foreach (string file in Directory.GetFiles(dir.Sub("straight/relabeled"), "*.png"))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.Sub("resumed/relabeled"), Path.GetFileName(file))));
    }

    [Fact]
    public void The_clean_subset_rule_reads_Dice_on_the_subset_and_relabels_after_its_peak()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var options = Relabeling(4, AtEpoch2 with { Trigger = RelabelTrigger.CleanSubset, ConfirmWindow = 1 });
        var clean = new CleanSubset(new Remask.Core.Datasets.SampleSubset(train, [1, 5]), null);
        var rows = new Trainer(new TrainingData(train, Eroded(train)), options, dir.Path)
        {
            Hook = new RelabelHook(options.Relabel!, options.Seed) { OpenMaskFolder = Hook(options).OpenMaskFolder, Clean = clean },
        }.Run(RunStart.New).Epochs;

        var dice = rows.TakeWhile(r => r.Extra.ContainsKey(RelabelHook.CleanSubsetKey)).Select(r => r.Extra[RelabelHook.CleanSubsetKey]).ToList();
        Assert.True(dice.Count >= 2, "every monitored epoch records the clean-subset Dice");
        Assert.All(dice, d => Assert.InRange(d, 0, 1));
        var fired = rows.FirstOrDefault(r => r.Extra.ContainsKey(RelabelHook.RoundKey));
        if (fired is not null)
        {
            // Patience 1: it fires one epoch after the best Dice so far, and names that epoch.
            var upTo = dice.Take(fired.Epoch).ToList();
            int peak = upTo.IndexOf(upTo.Take(fired.Epoch - 1).Max()) + 1;
            Assert.Equal(peak, fired.Extra[RelabelHook.PickedKey]);
            Assert.Equal(fired.Epoch - 1, peak);
        }
        else
        {
            // Never fired: Dice rose at every epoch.
            Assert.Equal(dice.OrderBy(d => d), dice);
        }
    }

    [Fact]
    public void A_fired_round_waits_for_an_epoch_whose_label_agreement_has_not_collapsed()
    {
        var firedNow = new EpochDecision(true, 3, 2, "minimum confirmed");
        var firedEarlier = new EpochDecision(false, 4, 2, "already fired at epoch 3");
        var waiting = new EpochDecision(false, 2, null, "not yet");
        Assert.True(RelabelHook.ShouldRelabel(firedNow, [0.80, 0.85], 0.84, 0.05, out bool deferred));
        Assert.False(deferred);
        Assert.False(RelabelHook.ShouldRelabel(firedNow, [0.80, 0.85], 0.70, 0.05, out deferred));
        Assert.True(deferred);
        Assert.True(RelabelHook.ShouldRelabel(firedEarlier, [0.80, 0.85, 0.70], 0.86, 0.05, out deferred));
        Assert.False(RelabelHook.ShouldRelabel(waiting, [0.80], 0.86, 0.05, out deferred));
        Assert.False(deferred);
        Assert.True(RelabelHook.ShouldRelabel(firedNow, [], 0.1, 0.05, out _));
    }

    [Fact]
    public void With_a_settle_gain_a_fired_round_waits_while_the_label_agreement_still_rises_fast()
    {
        var firedNow = new EpochDecision(true, 3, 2, "minimum confirmed");
        var firedEarlier = new EpochDecision(false, 5, 2, "already fired at epoch 3");
        // Rose by 0.20 since the previous epoch: still learning, wait.
        Assert.False(RelabelHook.ShouldRelabel(firedNow, [0.40, 0.50], 0.70, 0.05, out bool deferred, maxGain: 0.05));
        Assert.True(deferred);
        // Without the setting the same epoch relabels.
        Assert.True(RelabelHook.ShouldRelabel(firedNow, [0.40, 0.50], 0.70, 0.05, out deferred));
        // Rose by exactly the gain, or fell a little: settled.
        Assert.True(RelabelHook.ShouldRelabel(firedEarlier, [0.40, 0.50, 0.70, 0.80], 0.85, 0.05, out deferred, maxGain: 0.05));
        Assert.False(deferred);
        Assert.True(RelabelHook.ShouldRelabel(firedEarlier, [0.40, 0.50, 0.70, 0.80], 0.78, 0.05, out _, maxGain: 0.05));
        // A fall beyond the drop still defers, settled or not.
        Assert.False(RelabelHook.ShouldRelabel(firedEarlier, [0.40, 0.50, 0.70, 0.80], 0.70, 0.05, out deferred, maxGain: 0.05));
        Assert.True(deferred);
    }

    [Fact]
    public void Resume_with_other_relabel_settings_is_refused()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(4);
        var options = Relabeling(1, AtEpoch2);
        new Trainer(new TrainingData(train, Eroded(train)), options, dir.Path) { Hook = Hook(options) }.Run(RunStart.New);
        var changed = Relabeling(2, AtEpoch2 with { Flip = AtEpoch2.Flip with { OpeningRadius = 3 } });
        Assert.Throws<RemaskUsageException>(() => new Trainer(new TrainingData(train, Eroded(train)), changed, dir.Path) { Hook = Hook(changed) }.Run(RunStart.Resume));
    }
}
