using Remask.Torch.Inference;
using Remask.Torch.Uncertainty;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;

namespace Remask.Torch.Tests.Uncertainty;

public class MonteCarloDropoutTests
{
    [Fact]
    public void Leaves_weights_and_BatchNorm_statistics_untouched_and_gives_different_samples_while_plain_predict_is_deterministic()
    {
        using var model = TinyModel();
        var before = State(model);
        var batch = Discs(0, 1, 2);
        var mc = new MonteCarloDropout(4, seed: 1).Sample(model, batch);
        Assert.Equal(3 * 4 * 16 * 16, mc.Length);
        Assert.True(MaxDifference(SampleOf(mc, 1, 0, 4, 16), SampleOf(mc, 1, 1, 4, 16)) > 1e-3, "MC dropout samples must differ");
        foreach (var (key, value) in State(model)) Assert.Equal(before[key], value);
        Assert.False(model.training);
        Assert.False(model.DropoutAtInference);
        Assert.Null(model.DropoutRowSeeds);
        Assert.Equal(ModelInference.Probabilities(model, batch), ModelInference.Probabilities(model, batch));
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples_and_another_seed_other_samples()
    {
        using var model = TinyModel();
        var batch = Discs(0, 1);
        Assert.Equal(new MonteCarloDropout(3, seed: 5).Sample(model, batch), new MonteCarloDropout(3, seed: 5).Sample(model, batch));
        Assert.True(MaxDifference(new MonteCarloDropout(3, seed: 5).Sample(model, batch), new MonteCarloDropout(3, seed: 6).Sample(model, batch)) > 1e-3);
    }

    [Fact]
    public void One_batch_of_B_times_N_images_equals_N_separate_passes_and_does_not_depend_on_the_other_images()
    {
        using var model = TinyModel();
        var batch = Discs(2, 5, 6);
        var together = new MonteCarloDropout(4, seed: 9, samplesPerPass: 4).Sample(model, batch);
        var separate = new MonteCarloDropout(4, seed: 9, samplesPerPass: 1).Sample(model, batch);
        var pairs = new MonteCarloDropout(4, seed: 9, samplesPerPass: 3).Sample(model, batch);
        Assert.True(MaxDifference(together, separate) < 1e-5f, $"differ by {MaxDifference(together, separate)}");
        Assert.True(MaxDifference(together, pairs) < 1e-5f);
        var alone = new MonteCarloDropout(4, seed: 9).Sample(model, Discs(5));
        Assert.True(MaxDifference(alone, together.AsSpan(1 * 4 * 256, 4 * 256).ToArray()) < 1e-5f);
    }

    [Fact]
    public void Dropout_is_off_again_after_an_exception_or_a_cancel()
    {
        using var model = TinyModel();
        model.train();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => new MonteCarloDropout(2).Sample(model, Discs(0), cancelled.Token));
        Assert.True(model.training);
        Assert.False(model.DropoutAtInference);
        Assert.Null(model.DropoutRowSeeds);

        model.eval();
        var rgb = new Remask.Torch.Data.BatchAssembler(new Support.DiscSampleSet(2, size: 16, channels: 3), "test", 16, 3).Evaluation([0], false, null);
        Assert.ThrowsAny<Exception>(() => new MonteCarloDropout(2).Sample(model, rgb));
        Assert.False(model.training);
        Assert.False(model.DropoutAtInference);
        Assert.Null(model.DropoutRowSeeds);
    }

    [Fact]
    public void Fewer_than_two_samples_are_refused()
    {
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new MonteCarloDropout(1));
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new TestTimeAugmentation(1));
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new TestTimeAugmentation(9));
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new TtaMonteCarloDropout(8, 1));
    }
}

public class ForwardRepeatedTests
{
    [Fact]
    public void Running_the_encoder_once_equals_the_forward_of_the_repeated_batch_under_the_same_dropout_seeds()
    {
        using var model = TinyModel(channels: 3);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = TorchSharp.torch.rand(2, 3, 16, 16);
        using var mc = ModelModes.MonteCarloDropout(model);
        long[] seeds = [11, 12, 13, 14, 15, 16];
        model.DropoutRowSeeds = seeds;
        var shared = model.ForwardRepeated(x, 3).data<float>().ToArray();
        model.DropoutRowSeeds = seeds;
        var full = model.call(x.repeat(3, 1, 1, 1)).data<float>().ToArray();
        Assert.True(MaxDifference(shared, full) < 1e-5f, $"differ by {MaxDifference(shared, full)}");
        Assert.True(MaxDifference(shared[..256], shared[512..768]) > 1e-4f, "copies must get different dropout masks");
        model.train();
        Assert.Throws<InvalidOperationException>(() => model.ForwardRepeated(x, 2));
    }
}

public class AutomaticPassTests
{
    [Fact]
    public void Automatic_passes_hold_as_many_samples_as_the_pixel_cap_allows()
    {
        Assert.Equal(2, SampledForward.AutomaticSamplesPerPass(8, 16, 64));     // 32 x 64² = 2^17
        Assert.Equal(8, SampledForward.AutomaticSamplesPerPass(8, 4, 64));      // 32 x 64² = 2^17
        Assert.Equal(1, SampledForward.AutomaticSamplesPerPass(8, 16, 128));    // at least one sample of the batch
        Assert.Equal(3, SampledForward.AutomaticSamplesPerPass(3, 1, 16));      // at most N
        Assert.Equal(1, SampledForward.AutomaticSamplesPerPass(8, 16, 512));
    }
}

public class SharedEncoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public void Each_Monte_Carlo_sample_equals_a_plain_forward_with_that_samples_dropout_seeds(int samplesPerPass)
    {
        // Reference: the module's own forward of the whole batch, one call per sample, rows seeded as SampledForward seeds them.
        using var model = TinyModel();
        var batch = Discs(1, 4, 7);
        var mc = new MonteCarloDropout(5, seed: 21, samplesPerPass: samplesPerPass).Sample(model, batch);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var x = TorchSharp.torch.tensor(batch.Images, batch.ImageShape);
        using var modes = ModelModes.MonteCarloDropout(model);
        for (int n = 0; n < 5; n++)
        {
            model.DropoutRowSeeds = batch.Indices.Select(i => SampledForward.DropoutSeed(21, i, n)).ToArray();
            float[] plain;
            using (TorchSharp.torch.no_grad()) plain = model.call(x).sigmoid().data<float>().ToArray();
            for (int b = 0; b < 3; b++)
            {
                var expected = plain.AsSpan(b * 256, 256).ToArray();
                Assert.True(MaxDifference(expected, SampleOf(mc, b, n, 5, 16)) < 1e-5f, $"image {b}, sample {n}");
            }
        }
    }
}
