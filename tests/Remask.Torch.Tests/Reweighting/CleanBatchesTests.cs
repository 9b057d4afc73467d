using Remask.Torch.Reweighting;
using Remask.Torch.Tests.Support;
using Remask.Torch.Tests.Training;
using Remask.Torch.Training;

namespace Remask.Torch.Tests.Reweighting;

public class CleanBatchesTests
{
    /// <summary>The batch of the next step is assembled ahead on a worker thread; asked for in order, out of order or
    /// again, every batch equals the one a fresh instance assembles for the same (epoch, step).</summary>
    [Fact]
    public void Prefetched_batches_equal_batches_assembled_when_asked_for()
    {
        var clean = new CleanSubset(new DiscSampleSet(12), null);
        var options = TrainerTests.Tiny(2) with { BatchSize = 4 };
        var batches = new CleanBatches(clean, options, 1);
        (int Epoch, int Step)[] order = [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (1, 1), (2, 3), (2, 4)];
        foreach (var (epoch, step) in order)
        {
            var got = batches.For(epoch, step);
            var expected = new CleanBatches(clean, options, 1).For(epoch, step);
            Assert.Equal(expected.Images, got.Images);
            Assert.Equal(expected.Masks, got.Masks);
            Assert.Equal(expected.Indices, got.Indices);
        }
        Assert.NotEqual(batches.For(1, 0).Images, batches.For(1, 1).Images);
    }
}
