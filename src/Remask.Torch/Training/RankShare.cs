namespace Remask.Torch.Training;

/// <summary>
/// A rank's share of a global batch: the global batch of n images (the same on every rank, from the seed) is cut
/// into N contiguous pieces of ⌊n/N⌋ or ⌊n/N⌋ + 1 images, the larger ones first, so rank 0 always has one when n ≥ 1.
/// </summary>
internal static class RankShare
{
    /// <summary>Rank <paramref name="rank"/>'s images of <paramref name="batch"/> (possibly none when n &lt; N).</summary>
    /// <param name="batch">The global batch's sample indices, length n.</param>
    /// <param name="rank">r, 0 ≤ r &lt; N.</param>
    /// <param name="size">N, the number of ranks.</param>
    public static int[] Of(int[] batch, int rank, int size)
    {
        int n = batch.Length, q = n / size, extra = n % size;
        int start = rank * q + Math.Min(rank, extra);
        int count = q + (rank < extra ? 1 : 0);
        return batch[start..(start + count)];
    }

    /// <summary>Rank <paramref name="rank"/>'s contiguous part of 0..<paramref name="count"/> - 1 (a sharded evaluation).</summary>
    /// <param name="count">The number of items.</param>
    /// <param name="rank">r, 0 ≤ r &lt; N.</param>
    /// <param name="size">N, the number of ranks.</param>
    public static int[] Range(int count, int rank, int size) => Of(Enumerable.Range(0, count).ToArray(), rank, size);
}
