using Remask.Core;
using Remask.Torch.Models;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Training;

/// <summary>The pieces of the data-parallel step that do not need MPI, against a stand-in for a second rank.</summary>
public class ReplicaCheckTests
{
    /// <summary>Rank 0 of 2, whose peer's contribution to each all-reduce the test gives.</summary>
    private sealed class TwoRanks(float[]? peerFloats = null, double[]? peerDoubles = null) : ICollective
    {
        public int Rank => 0;
        public int Size => 2;
        public void AllreduceSum(Span<float> values) { for (int i = 0; i < values.Length; i++) values[i] += peerFloats![i]; }
        public void AllreduceSum(Span<double> values) { for (int i = 0; i < values.Length; i++) values[i] += peerDoubles![i]; }
        public void Barrier() { }
    }

    private static double[] Pieces(ulong h) => Enumerable.Range(0, 4).Select(k => (double)((h >> (16 * k)) & 0xFFFF)).ToArray();

    private static UNetS Model(long seed)
    {
        manual_seed(seed);
        return new UNetS(new UNetSConfig(1, [4, 8]));
    }

    [Fact]
    public void Ranks_with_the_same_weights_pass_and_ranks_with_different_weights_stop_the_run()
    {
        var a = Model(1);
        ReplicaCheck.Verify(a, new TwoRanks(peerDoubles: Pieces(ReplicaCheck.Checksum(Model(1)))), epoch: 1, "run");
        var e = Assert.Throws<RemaskDataException>(() =>
            ReplicaCheck.Verify(a, new TwoRanks(peerDoubles: Pieces(ReplicaCheck.Checksum(Model(2)))), epoch: 3, "run"));
        Assert.Contains("after epoch 3 the 2 ranks hold different weights", e.Message);
    }

    [Fact]
    public void The_exchange_sums_scaled_gradients_keeps_rank_0s_buffers_and_adds_the_loss_and_stop_votes()
    {
        var model = Model(1);
        model.train();
        using (var x = rand(2, 1, 8, 8)) SegmentationLoss.Compute(model.call(x), x.gt(0.5).to_type(ScalarType.Float32)).backward();
        var grads = model.parameters().Select(p => p.grad!.clone()).ToList();
        var buffers = model.buffers().Select(b => b.clone()).ToList();
        int p = grads.Sum(g => (int)g.numel()), r = buffers.Sum(b => (int)b.numel());
        // the peer: half of the same gradients (share 1/2), zeros for the buffers, its loss sum and a stop vote
        var peer = new float[p + r + 2];
        cat(grads.Select(g => g.flatten()).ToList()).mul(0.5).data<float>().CopyTo(peer, 0);
        peer[^2] = 1.5f;
        peer[^1] = 1;
        var (loss, stop) = new GradientExchange(model, new TwoRanks(peerFloats: peer)).Exchange(share: 0.5, lossSum: 2.0, stop: false);
        Assert.Equal(3.5, loss, 5);
        Assert.True(stop);
        foreach (var (after, before) in model.parameters().Select(q => q.grad!).Zip(grads)) Assert.True(after.allclose(before, rtol: 1e-6, atol: 1e-7));
        foreach (var (after, before) in model.buffers().Zip(buffers)) Assert.True(after.eq(before).all().item<bool>());
    }
}
