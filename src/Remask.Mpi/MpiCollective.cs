using Remask.Torch.Training;

namespace Remask.Mpi;

/// <summary>
/// The ranks of <c>MPI_COMM_WORLD</c> as the trainer's <see cref="ICollective"/>: MPI is initialised by the
/// constructor and finalised by <see cref="Dispose"/>; the sums are <c>MPI_Allreduce(MPI_IN_PLACE, ..., MPI_SUM)</c>
/// on the caller's memory (no copy).
/// </summary>
internal sealed unsafe class MpiCollective : ICollective, IDisposable
{
    /// <summary>MPI_IN_PLACE: (void*)-1 in MPICH's ABI and MS-MPI's (MPI.NET does not declare it).</summary>
    private static readonly IntPtr InPlace = new(-1);

    private readonly MPI.Environment _environment;
    private readonly MPI.Intracommunicator _world;

    /// <summary>Initialises MPI (once per process).</summary>
    public MpiCollective()
    {
        MpiLibrary.Install();
        string[] args = [];
        // serialized: the training thread makes every MPI call, but it need not be the thread that initialised MPI
        _environment = new MPI.Environment(ref args, MPI.Threading.Serialized);
        _world = MPI.Communicator.world;
        Rank = _world.Rank;
        Size = _world.Size;
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public void AllreduceSum(Span<float> values)
    {
        fixed (float* p = values)
            Check(MPI.Unsafe.MPI_Allreduce(InPlace, (IntPtr)p, values.Length, MPI.Unsafe.MPI_FLOAT, MPI.Unsafe.MPI_SUM, MPI.Unsafe.MPI_COMM_WORLD));
    }

    /// <inheritdoc/>
    public void AllreduceSum(Span<double> values)
    {
        fixed (double* p = values)
            Check(MPI.Unsafe.MPI_Allreduce(InPlace, (IntPtr)p, values.Length, MPI.Unsafe.MPI_DOUBLE, MPI.Unsafe.MPI_SUM, MPI.Unsafe.MPI_COMM_WORLD));
    }

    /// <inheritdoc/>
    public void Barrier() => _world.Barrier();

    /// <summary>Ends every rank of the run with <paramref name="exitCode"/> (MPI_Abort): after an error on one rank,
    /// the others would otherwise wait for it in a collective forever.</summary>
    public void Abort(int exitCode) => MPI.Environment.Abort(exitCode);

    /// <summary>Finalises MPI.</summary>
    public void Dispose() => _environment.Dispose();

    private static void Check(int code)
    {
        if (code != 0) throw new InvalidOperationException($"MPI_Allreduce failed with MPI error {code}");
    }
}
