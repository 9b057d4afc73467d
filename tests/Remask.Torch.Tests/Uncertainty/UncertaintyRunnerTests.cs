using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Uncertainty;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;

namespace Remask.Torch.Tests.Uncertainty;

public class UncertaintyRunnerTests
{
    private sealed class OddSizes : ISampleSet
    {
        public int Count => 3;
        public string NameOf(int i) => $"odd_{i}";
        public Sample Load(int i)
        {
            int w = 20 + 7 * i, h = 25 - 5 * i;
            return new Sample(NameOf(i), new Image(w, h, 1, Enumerable.Range(0, w * h).Select(k => (k % 7) / 7f).ToArray()), null);
        }
    }

    [Fact]
    public void Yields_one_stack_per_image_in_order_equal_to_the_estimator_on_its_batch_and_maps_at_the_original_size()
    {
        using var model = TinyModel();
        var set = new OddSizes();
        var sampler = new BoundEstimator(new MonteCarloDropout(3, seed: 4), model, 16);
        var stacks = UncertaintyRunner.Run(sampler, set, batchSize: 2).ToList();
        Assert.Equal(["odd_0", "odd_1", "odd_2"], stacks.Select(s => s.Name));
        Assert.Equal([0, 1, 2], stacks.Select(s => s.Index));
        Assert.All(stacks, s => Assert.Equal(3 * 16 * 16, s.Stack.Length));
        var direct = new MonteCarloDropout(3, seed: 4).Sample(model,
            new Remask.Torch.Data.BatchAssembler(set, "x", 16, 1).Evaluation([2], false, null));
        Assert.True(MaxDifference(direct, stacks[2].Stack) < 1e-5f);
        var maps = stacks[1].MapsAtOriginalSize();
        Assert.Equal((27, 20), (maps.Width, maps.Height));
        Assert.Equal(27 * 20, maps.Aleatoric.Length);
        Assert.Equal(256, stacks[1].Maps().Epistemic.Length);
    }

    [Fact]
    public void A_second_sampler_runs_on_the_same_batches_and_must_take_the_same_size()
    {
        using var model = TinyModel();
        var set = new OddSizes();
        var sampler = new BoundEstimator(new MonteCarloDropout(3, seed: 4), model, 16);
        using var committee = DeepEnsemble.Committee([model], 16);
        var pairs = UncertaintyRunner.Run(sampler, committee, set, batchSize: 2).ToList();
        // The first sampler's stacks are what it gives alone; the second's are its own, image by image.
        var alone = UncertaintyRunner.Run(sampler, set, batchSize: 2).ToList();
        Assert.Equal(alone.Select(s => s.Stack), pairs.Select(p => p.Stack.Stack));
        var own = UncertaintyRunner.Run(committee, set, batchSize: 2).ToList();
        Assert.Equal(own.Select(s => (s.Index, s.Samples, s.Stack)), pairs.Select(p => (p.Second!.Index, p.Second.Samples, p.Second.Stack)));
        Assert.Throws<ArgumentException>(() => UncertaintyRunner.Run(sampler, DeepEnsemble.Committee([model], 32), set).ToList());
    }
}
