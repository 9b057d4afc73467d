namespace Remask.Torch.Uncertainty;

/// <summary>
/// How sample n of every image is made: the dihedral transform applied before the network (and undone after it)
/// and whether Monte Carlo dropout is on. Dropout masks are drawn from (seed, image index, n), so a sample does not
/// depend on the batch it runs in.
/// </summary>
/// <param name="Transforms">Transform of sample n (0 = identity).</param>
/// <param name="Dropout">Monte Carlo dropout on for every sample.</param>
internal sealed record SamplePlan(int[] Transforms, bool Dropout)
{
    public int Samples => Transforms.Length;
}
