using Remask.Core;
using Remask.Torch.Training;

namespace Remask.Cli.Commands;

/// <summary>
/// How <c>remask train</c> learns that an MPI launcher started it (docs/scale.md): MPICH's hydra (<c>mpirun.mpich</c>),
/// Intel MPI and Slurm's <c>srun --mpi=pmi2</c> set <c>PMI_RANK</c> / <c>PMI_SIZE</c> (<c>PMIX_RANK</c> with PMIx);
/// Open MPI sets <c>OMPI_COMM_WORLD_SIZE</c> and is refused (its ABI is not MPICH's). Without them the process trains
/// alone and the MPI assemblies (Remask.Mpi, MPI.NET) and libraries are never loaded: nothing here names their types.
/// </summary>
internal static class MpiLaunch
{
    /// <summary>The variables that mark a process started by an MPICH-ABI launcher.</summary>
    internal static readonly string[] Variables = ["PMI_RANK", "PMI_SIZE", "PMIX_RANK"];

    /// <summary>True when an MPICH-ABI launcher started this process; throws for Open MPI's.</summary>
    public static bool Detected()
    {
        if (Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null)
            throw new RemaskUsageException("started by Open MPI's mpirun, whose ABI Remask's MPI support cannot use: run under an MPICH-ABI MPI (mpirun.mpich, Intel MPI, Cray MPICH; docs/scale.md)");
        return Variables.Any(v => Environment.GetEnvironmentVariable(v) is not null);
    }

    /// <summary>
    /// Under a launcher that started several processes (<c>PMI_SIZE</c> &gt; 1), every verb but <c>train</c> would run N
    /// times over the same outputs: the usage error that refuses it, or null. Read from the environment, before MPI starts.
    /// </summary>
    /// <param name="args">The command line.</param>
    public static string? OtherVerbOnSeveralRanks(string[] args)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("PMI_SIZE"), out int size) || size < 2) return null;
        string? verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        return verb is null or "train" ? null : $"'remask {verb}' does not run on {size} MPI ranks: only 'remask train' does (docs/scale.md)";
    }

    /// <summary>This process's rank as the launcher set it (PMI_RANK), 0 when unset.</summary>
    public static int EnvironmentRank => int.TryParse(Environment.GetEnvironmentVariable("PMI_RANK"), out int r) ? r : 0;

    /// <summary>The ranks of this run: MPI's when <see cref="Detected"/>, else one process (<see cref="SingleProcess"/>).</summary>
    public static ProcessGroup Start() => Detected() ? MpiStart.Create() : new ProcessGroup(SingleProcess.Instance, _ => { }, null);
}

/// <summary>The processes of a training run: the collective the trainer uses, how to end every rank after an error,
/// and what finalises MPI (null for one process).</summary>
internal sealed record ProcessGroup(ICollective Collective, Action<int> Abort, IDisposable? Lifetime) : IDisposable
{
    /// <summary>This process's rank.</summary>
    public int Rank => Collective.Rank;

    /// <summary>The number of ranks.</summary>
    public int Size => Collective.Size;

    /// <summary>Finalises MPI, if it was started.</summary>
    public void Dispose() => Lifetime?.Dispose();
}
