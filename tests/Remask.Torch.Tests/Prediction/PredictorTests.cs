using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Prediction;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;

namespace Remask.Torch.Tests.Prediction;

public class PredictorTests
{
    private sealed class OddSizes : ISampleSet
    {
        public int Count => 3;
        public string NameOf(int i) => $"odd_{i}";
        public Sample Load(int i)
        {
            int w = 20 + 7 * i, h = 45 - 5 * i;
            return new Sample(NameOf(i), new Image(w, h, 1, Enumerable.Range(0, w * h).Select(k => (k % 7) / 7f).ToArray()), null);
        }
    }

    /// <summary>Sample names from a library caller's sample set, each of which would land outside OUT/probabilities.</summary>
    private sealed class Escaping(string name) : ISampleSet
    {
        public int Count => 1;
        public string NameOf(int i) => name;
        public Sample Load(int i) => new(name, new Image(16, 16, 1, new float[256]), null);
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("..")]
    [InlineData("sub/escape")]
    [InlineData("sub\\escape")]
    public void A_sample_name_that_would_leave_the_output_folder_is_refused_and_nothing_is_written(string name)
    {
        using var dir = new TempDir();
        new Trainer(new TrainingData(new DiscSampleSet(4)), Remask.Torch.Tests.Training.TrainerTests.Tiny(1), dir.Sub("run")).Run(RunStart.New).Model.Dispose();
        using var predictor = Predictor.Load(dir.Sub("run"));
        string output = dir.Sub("out");
        var e = Assert.Throws<Remask.Core.RemaskDataException>(() => predictor.WriteAll(new Escaping(name), output, overwrite: false));
        Assert.Contains("is not a plain file name", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetFiles(dir.Path, "*escape*", SearchOption.AllDirectories));
        Assert.Equal(["run"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Writes_16_bit_probabilities_and_masks_at_each_images_original_size()
    {
        using var dir = new TempDir();
        new Trainer(new TrainingData(new DiscSampleSet(4)), Remask.Torch.Tests.Training.TrainerTests.Tiny(1), dir.Sub("run")).Run(RunStart.New);
        using var predictor = Predictor.Load(dir.Sub("run"));
        var set = new OddSizes();
        var all = predictor.PredictAll(set, batchSize: 2).ToList();
        Assert.Equal(["odd_0", "odd_1", "odd_2"], all.Select(p => p.Name));
        for (int i = 0; i < 3; i++)
        {
            var img = set.Load(i).Image;
            Assert.Equal((img.Width, img.Height), (all[i].Width, all[i].Height));
            Assert.Equal((img.Width, img.Height), (all[i].Mask.Width, all[i].Mask.Height));
            Assert.All(all[i].Probabilities, p => Assert.InRange(p, 0f, 1f));
            for (int k = 0; k < all[i].Probabilities.Length; k++)
                Assert.Equal(all[i].Probabilities[k] >= 0.5f, all[i].Mask.Pixels[k] == 1);
        }

        int n = predictor.WriteAll(set, dir.Sub("out"), overwrite: false);
        Assert.Equal(3, n);
        var raster = ImageFiles.ReadRaster(Path.Combine(dir.Sub("out"), "probabilities", "odd_1.png"));
        Assert.Equal((16, 27, 40), (raster.BitDepth, raster.Width, raster.Height));
        Assert.Equal((ushort)MathF.Round(all[1].Probabilities[5] * 65535f), raster.Samples[5]);
        var mask = ImageFiles.ReadMask(Path.Combine(dir.Sub("out"), "masks", "odd_1.png"), ForegroundRule.AnyPositive);
        Assert.Equal(all[1].Mask, mask);
    }

    [Fact]
    public void Images_with_the_wrong_channel_count_are_data_errors()
    {
        using var dir = new TempDir();
        new Trainer(new TrainingData(new DiscSampleSet(4)), Remask.Torch.Tests.Training.TrainerTests.Tiny(1), dir.Sub("run")).Run(RunStart.New);
        using var predictor = Predictor.Load(dir.Sub("run"));
        var rgb = new DiscSampleSet(2, channels: 3);
        Assert.Throws<Remask.Core.RemaskDataException>(() => predictor.PredictAll(rgb).ToList());
        Assert.Throws<Remask.Core.RemaskDataException>(() => Predictor.Load(dir.Sub("nothing")));
    }
}
