namespace Remask.Torch.Training;

/// <summary>
/// The processes of a data-parallel run (docs/scale.md): N ranks, each training on its share of every global batch
/// and summing gradients with the others before the optimizer step. The trainer sees only this contract; the MPI
/// implementation lives with the tool (src/Remask.Mpi), so that Remask.Torch loads no MPI library.
/// </summary>
internal interface ICollective
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1; rank 0 writes the run folder.</summary>
    int Rank { get; }

    /// <summary>N, the number of ranks (1: a single process).</summary>
    int Size { get; }

    /// <summary>x ← Σ over ranks of x, elementwise and in place; every rank passes the same length.</summary>
    /// <param name="values">This rank's values; the sums on return.</param>
    void AllreduceSum(Span<float> values);

    /// <summary>x ← Σ over ranks of x in double precision (the Dice sums of a sharded evaluation).</summary>
    /// <param name="values">This rank's values; the sums on return.</param>
    void AllreduceSum(Span<double> values);

    /// <summary>Returns when every rank has called it.</summary>
    void Barrier();
}

/// <summary>One process alone: rank 0 of 1, every collective a no-op (the trainer's path without MPI, unchanged).</summary>
internal sealed class SingleProcess : ICollective
{
    /// <summary>The one instance.</summary>
    public static SingleProcess Instance { get; } = new();

    private SingleProcess() { }

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public void AllreduceSum(Span<float> values) { }

    /// <inheritdoc/>
    public void AllreduceSum(Span<double> values) { }

    /// <inheritdoc/>
    public void Barrier() { }
}
