using Remask.Torch.Training;

namespace Remask.Torch.Tests.Training;

public class RankShareTests
{
    [Theory]
    [InlineData(16, 2)]
    [InlineData(5, 2)]
    [InlineData(7, 3)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    public void The_shares_cut_the_global_batch_in_order_into_near_equal_pieces_and_rank_0_always_has_one(int n, int ranks)
    {
        int[] batch = Enumerable.Range(100, n).ToArray();
        var shares = Enumerable.Range(0, ranks).Select(r => RankShare.Of(batch, r, ranks)).ToList();
        Assert.Equal(batch, shares.SelectMany(s => s));
        Assert.True(shares.Max(s => s.Length) - shares.Min(s => s.Length) <= 1);
        Assert.NotEmpty(shares[0]);
    }

    [Fact]
    public void A_range_is_shared_like_a_batch() =>
        Assert.Equal([3, 4], RankShare.Range(5, 1, 2));
}
