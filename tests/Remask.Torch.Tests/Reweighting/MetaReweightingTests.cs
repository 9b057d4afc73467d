using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Models;
using Remask.Torch.Reweighting;
using Remask.Torch.Tests.Support;
using Remask.Torch.Tests.Training;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Reweighting;

public class MetaReweightingTests
{
    /// <summary>Ten disc images trained on eroded ("noisy") masks; images 1, 4 and 7 form the clean subset with their own masks.</summary>
    private static (TrainingData Data, CleanSubset Clean) NoisyDiscs()
    {
        var train = new DiscSampleSet(10);
        var noisy = new InMemoryMasks("eroded", name => Remask.Core.Morphology.DiskMorphology.Erode(train.Load(int.Parse(name[5..])).Mask!, 3));
        return (new TrainingData(train, noisy, Test: new DiscSampleSet(3, seed: 1)), new CleanSubset(new SampleSubset(train, [1, 4, 7]), null));
    }

    private static TrainingOptions Options(int epochs) =>
        TrainerTests.Tiny(epochs) with { DropoutP = 0.3, Reweight = new ReweightOptions { Pictures = 2 } };

    [Fact]
    public void Reweight_run_resumed_mid_epoch_ends_with_the_weights_metrics_and_pictures_of_an_uninterrupted_run()
    {
        using var dir = new TempDir();
        var (data, clean) = NoisyDiscs();
        var straight = new Trainer(data, Options(2), dir.Sub("straight")) { Weighting = new MetaReweighting(clean) }.Run(RunStart.New);

        using var cancel = new CancellationTokenSource();
        var interrupted = new Trainer(data, Options(2), dir.Sub("resumed"))
        {
            Weighting = new MetaReweighting(clean),
            Progress = p => { if (p is { Epoch: 2, Step: 1, Phase: "training" }) cancel.Cancel(); },
        };
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run(RunStart.New, cancel.Token));
        Assert.Equal((2, 1), (Checkpoint.ReadState(dir.Sub("resumed")).Epoch, Checkpoint.ReadState(dir.Sub("resumed")).Step));
        // Another reweighting setting is another run.
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new Trainer(data, Options(2) with { Reweight = new ReweightOptions { Pictures = 2, VirtualStepSize = 0.1 } },
            dir.Sub("resumed")) { Weighting = new MetaReweighting(clean) }.Run(RunStart.Resume));
        var resumed = new Trainer(data, Options(2), dir.Sub("resumed")) { Weighting = new MetaReweighting(clean) }.Run(RunStart.Resume);

        var expected = TrainerTests.Weights(straight.Model);
        Assert.All(TrainerTests.Weights(resumed.Model), kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.Equal(straight.Epochs.Select(r => (r.TrainLoss, r.DClean)), resumed.Epochs.Select(r => (r.TrainLoss, r.DClean)));
        Assert.Equal(straight.Epochs.Select(r => r.Extra.OrderBy(kv => kv.Key).ToList()), resumed.Epochs.Select(r => r.Extra.OrderBy(kv => kv.Key).ToList()));

        foreach (var row in straight.Epochs)
        {
            Assert.InRange(row.Extra[MetaReweighting.ZeroShareKey], 0.01, 0.99);
            Assert.Equal(0, row.Extra[MetaReweighting.SkippedKey]);
            Assert.True(row.Extra[MetaReweighting.CleanLossKey] > 0);
        }
        string[] header = File.ReadAllLines(Path.Combine(dir.Sub("straight"), MetricsFiles.CsvName))[0].Split(',');
        Assert.Contains(MetaReweighting.ZeroShareKey, header);
        Assert.Contains(MetaReweighting.SkippedKey, header);
        foreach (int epoch in new[] { 1, 2 })
            foreach (string name in new[] { "disc_000", "disc_001" })
            {
                string path = WeightMapPictures.PathOf(dir.Sub("straight"), epoch, name);
                var picture = ImageFiles.ReadRaster(path);
                Assert.Equal((96, 32), (picture.Width, picture.Height));
                Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(WeightMapPictures.PathOf(dir.Sub("resumed"), epoch, name)));
            }
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(WeightMapPictures.PathOf(dir.Sub("straight"), 1, "x"))!).Length);
    }

    [Fact]
    public void Weighing_a_batch_leaves_the_running_statistics_alone_and_lines_the_pictures_up_with_the_image()
    {
        using var dir = new TempDir();
        var (data, clean) = NoisyDiscs();
        manual_seed(1);
        using var model = new UNetS(new UNetSConfig(1, [4, 8, 16]));
        model.train();
        var before = TrainerTests.Weights(model);
        var assembler = new Remask.Torch.Data.BatchAssembler(data.Train, "training", 32, 1);
        var options = Options(1);
        var batch = assembler.Training([0, 2, 3, 5], data.TrainMasks, options.Augmentation, options.Seed, 1);
        Assert.Contains(batch.Transforms!, t => t != 0);
        using var x = tensor(batch.Images, batch.ImageShape);
        using var y = tensor(batch.Masks!, batch.MaskShape);
        var first = new MetaReweighting(clean).Weigh(new PixelWeightingContext(model, x, y, batch.Indices, batch.Names, batch.Transforms!, 1, 0, options, dir.Path));
        Assert.All(TrainerTests.Weights(model), kv => Assert.Equal(before[kv.Key], kv.Value));
        // The weights come from the step's own forward pass; here one that leaves the running statistics alone too.
        Assert.Null(first.Weights);
        Assert.False(first.Skip);
        using var record = new ForwardRecord();
        using var logits = UNetSFunctional.Forward(model, UNetSFunctional.Parameters(model), x, record);
        PixelWeights answer;
        using (no_grad()) answer = first.FromForward!(record, logits);
        Assert.All(TrainerTests.Weights(model), kv => Assert.Equal(before[kv.Key], kv.Value));
        Assert.False(answer.Skip);
        Assert.Equal(y.shape, answer.Weights!.shape);

        // The middle panel is the noisy mask in the image's own orientation, the right one the weights turned the same way.
        var picture = ImageFiles.ReadRaster(WeightMapPictures.PathOf(dir.Path, 1, "disc_000"));
        var noisy = data.TrainMasks!.TryLoad("disc_000")!;
        float[] w = answer.Weights!.data<float>().ToArray()[..(32 * 32)], upright = new float[32 * 32];
        Dihedral.Apply<float>(w, upright, 32, Dihedral.Inverse(batch.Transforms![0]));
        for (int yy = 0; yy < 32; yy++)
            for (int xx = 0; xx < 32; xx++)
            {
                Assert.Equal(noisy[xx, yy] ? 255 : 0, picture.Samples[yy * 96 + 32 + xx]);
                Assert.Equal(MathF.Round(Math.Min(upright[yy * 32 + xx] / 2, 1) * 255), picture.Samples[yy * 96 + 64 + xx]);
            }
        Assert.Contains(Enumerable.Range(0, 32 * 32), i => picture.Samples[i / 32 * 96 + 64 + i % 32] == 0);
    }
}
