using Remask.Core;
using Remask.Core.Imaging;
using Remask.Torch.Relabeling;
using Remask.Torch.Tests.Support;
using Remask.Torch.Tests.Training;
using Remask.Torch.Training;

namespace Remask.Torch.Tests.Relabeling;

public class CrossFitRelabelingTests
{
    private static InMemoryMasks Eroded(DiscSampleSet set) => RelabelHookTests.Eroded(set);

    private static readonly TrainingOptions Options = TrainerTests.Tiny(3) with
    {
        BatchSize = 4,
        Relabel = new RelabelOptions
        {
            Trigger = RelabelTrigger.Fixed, FixedEpoch = 2, Samples = 2, MonitorEvery = 2, Rounds = 2, MaxAgreementDrop = 1,
            CrossFitFolds = 2, Flip = RelabelOptions.DefaultFlip with { Guard = null },
        },
    };

    private static CrossFitRelabeling CrossFit(DiscSampleSet train, string run, Action<TrainingProgress>? progress = null, TrainingOptions? options = null) =>
        new(new TrainingData(train, Eroded(train)), options ?? Options, run)
        {
            OpenMaskFolder = folder => new MaskFolderSource(folder, ForegroundRule.AnyPositive),
            ScoreAgainstDatasetMasks = true,
            Train = (t, _, _) => t(progress ?? (_ => { })),
        };

    [Theory]
    [InlineData(10, 2)]
    [InlineData(11, 3)]
    [InlineData(5, 5)]
    public void Folds_cover_every_image_once_differ_in_size_by_at_most_one_and_follow_the_seed(int count, int folds)
    {
        int[] a = CrossFitRelabeling.Folds(count, folds, 7);
        Assert.Equal(count, a.Length);
        var sizes = Enumerable.Range(0, folds).Select(f => a.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        Assert.All(sizes, s => Assert.True(s >= 1));
        Assert.Equal(a, CrossFitRelabeling.Folds(count, folds, 7));
        if (count >= 10) Assert.NotEqual(a, CrossFitRelabeling.Folds(count, folds, 8));
    }

    [Fact]
    public void Fewer_images_than_folds_is_a_usage_error() =>
        Assert.Throws<RemaskUsageException>(() => CrossFitRelabeling.Folds(2, 3, 0));

    [Fact]
    public void Each_fold_is_relabeled_by_a_model_that_stopped_where_its_rule_fired_and_never_trained_on_it()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var seen = new List<(int Epoch, int Steps)>();
        var (masks, rounds) = CrossFit(train, dir.Path, p => { if (p.Phase == "epoch done") seen.Add((p.Epoch, p.Steps)); }).Run();

        // Two rounds of two fold models, each stopped at the fixed epoch 2 of 3 (the rule fired there).
        Assert.Equal(2, rounds.Count);
        Assert.All(rounds.SelectMany(r => r.Folds), f => Assert.Equal((2, 2, 4, 4), (f.StopEpoch, f.PickedEpoch, f.TrainImages, f.RelabeledImages)));
        Assert.Equal(4 * 2, seen.Count);
        int[] fold = CrossFitRelabeling.Folds(8, 2, Options.Seed);
        foreach (int f in new[] { 1, 2 })
        {
            // The fold model trained on the other fold only: its training log names those images' count, and its
            // relabeled masks are exactly the held-out fold's images.
            string foldDir = Path.Combine(dir.Path, CrossFitRelabeling.FolderName, "round-1", $"fold-{f}");
            var written = Directory.GetFiles(Path.Combine(foldDir, RelabelFiles.LatestFolder), "*.png").Select(Path.GetFileNameWithoutExtension).Order();
            Assert.Equal(Enumerable.Range(0, 8).Where(i => fold[i] == f - 1).Select(i => $"disc_{i:D3}"), written);
            var rows = MetricsFiles.Csv(RunInfoRows(foldDir)).Split('\n');
            Assert.Equal(3, rows.Count(l => l.Length > 0)); // header + 2 epochs: stopped at the rule's epoch
        }

        // The rounds' masks, merged: every image once, in the round folders, relabeled/ and the tables.
        Assert.Equal(Path.Combine(dir.Path, "relabeled-round-2"), masks.Location);
        foreach (string folder in new[] { "relabeled-round-1", "relabeled-round-2", "relabeled" })
            Assert.Equal(8, Directory.GetFiles(Path.Combine(dir.Path, folder), "*.png").Length);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(dir.Path, CrossFitRelabeling.TableFile)).Length);
        Assert.Equal(9, File.ReadAllLines(Path.Combine(dir.Path, "relabel-round-1.csv")).Length);
        Assert.True(File.Exists(Path.Combine(dir.Path, RelabelFiles.QualityFile)));
        Assert.NotNull(rounds[0].Summary.MasksDiceAfter);
    }

    [Fact]
    public void An_interrupted_cross_fit_resumes_to_the_same_masks()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        CrossFit(train, dir.Sub("straight")).Run();

        // Interrupt during round 2's first fold model, then run again over the same folder.
        using var cancel = new CancellationTokenSource();
        int epochsDone = 0;
        var first = CrossFit(train, dir.Sub("resumed"), p => { if (p.Phase == "epoch done" && ++epochsDone == 5) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => first.Run(cancel.Token));
        Assert.True(File.Exists(Path.Combine(dir.Sub("resumed"), "relabel-round-1.csv")));
        Assert.False(Directory.Exists(Path.Combine(dir.Sub("resumed"), "relabeled-round-2")));
        var (_, rounds) = CrossFit(train, dir.Sub("resumed")).Run();

        Assert.Equal(2, rounds.Count);
        foreach (string file in Directory.GetFiles(dir.Sub("straight/relabeled-round-2"), "*.png"))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(dir.Sub("resumed/relabeled-round-2"), Path.GetFileName(file))));
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Sub("straight"), CrossFitRelabeling.TableFile)),
            File.ReadAllText(Path.Combine(dir.Sub("resumed"), CrossFitRelabeling.TableFile)));
    }

    [Fact]
    public void With_weight_averaging_the_fold_model_is_the_mean_of_its_last_epochs_and_older_snapshots_are_deleted()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var options = Options with { Epochs = 4, Relabel = Options.Relabel! with { FixedEpoch = 3, Rounds = 1, AverageEpochs = 2 } };
        CrossFit(train, dir.Path, options: options).Run();

        string fold = Path.Combine(dir.Path, CrossFitRelabeling.FolderName, "round-1", "fold-1");
        var snapshots = Directory.GetFiles(Path.Combine(fold, "snapshots")).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["model-2.pt", "model-3.pt"], snapshots);
        using var expected = new Remask.Torch.Models.UNetS(options.ModelConfig(1));
        Remask.Torch.Models.WeightAverage.Into(expected, [Path.Combine(fold, "snapshots", "model-2.pt"), Path.Combine(fold, "snapshots", "model-3.pt")]);
        var (saved, _) = Remask.Torch.Interchange.ModelFolder.Load(fold);
        using (saved)
        {
            var want = TrainerTests.Weights(expected);
            Assert.All(TrainerTests.Weights(saved), kv => Assert.Equal(want[kv.Key], kv.Value));
            // ... and not the epoch-3 weights alone.
            using var last = new Remask.Torch.Models.UNetS(options.ModelConfig(1));
            Remask.Torch.Interchange.StateDictFile.Load(last, Path.Combine(fold, "snapshots", "model-3.pt"));
            Assert.NotEqual(TrainerTests.Weights(last)["head.weight"], TrainerTests.Weights(saved)["head.weight"]);
        }
    }

    [Fact]
    public void Every_change_a_fold_model_makes_is_one_the_other_fold_model_votes_for()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(8);
        var options = Options with { Relabel = Options.Relabel! with { Rounds = 1, FixedEpoch = 2 } };
        var (masks, rounds) = CrossFit(train, dir.Sub("veto"), options: options).Run();
        var (_, unvetoed) = CrossFit(train, dir.Sub("plain"), options: options with { Relabel = options.Relabel! with { CommitteeVeto = false } }).Run();
        Assert.Equal(0, unvetoed[0].Summary.Vetoed);
        var rows = File.ReadAllLines(Path.Combine(dir.Sub("veto"), "relabel-round-1.csv"));
        int column = Array.IndexOf(rows[0].Split(','), "vetoed");
        Assert.Equal(rounds[0].Summary.Vetoed, rows.Skip(1).Sum(r => long.Parse(r.Split(',')[column])));

        int[] fold = CrossFitRelabeling.Folds(8, 2, options.Seed);
        var eroded = Eroded(train);
        long changed = 0;
        for (int f = 0; f < 2; f++)
        {
            // The committee of fold f's images is the model of the other fold (it trained on them).
            var (other, _) = Remask.Torch.Interchange.ModelFolder.Load(Path.Combine(dir.Sub("veto"), CrossFitRelabeling.FolderName, "round-1", $"fold-{2 - f}"));
            using (other)
            using (var committee = Remask.Torch.Uncertainty.DeepEnsemble.Committee([other], options.Size))
            {
                var held = new Remask.Core.Datasets.SampleSubset(train, Enumerable.Range(0, 8).Where(i => fold[i] == f).ToArray());
                foreach (var stack in Remask.Torch.Uncertainty.UncertaintyRunner.Run(committee, held))
                {
                    float[] q = stack.MapsAtOriginalSize().Mean;
                    var before = eroded.TryLoad(stack.Name)!.Pixels;
                    var after = masks.TryLoad(stack.Name)!.Pixels;
                    for (int i = 0; i < q.Length; i++)
                        if (before[i] != after[i])
                        {
                            changed++;
                            Assert.Equal(after[i] != 0, q[i] > 0.5f);
                        }
                }
            }
        }
        Assert.True(changed > 0, "the fold models changed nothing: the test checks nothing");
    }

    private static IReadOnlyList<EpochMetrics> RunInfoRows(string runDirectory) => Checkpoint.ReadState(runDirectory).Rows;
}
