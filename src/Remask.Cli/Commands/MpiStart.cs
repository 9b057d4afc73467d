using System.Runtime.CompilerServices;
using Remask.Mpi;

namespace Remask.Cli.Commands;

/// <summary>
/// The one place the tool names Remask.Mpi's types: the runtime loads Remask.Mpi and MPI.NET only when this method
/// is compiled, that is when <see cref="MpiLaunch.Detected"/> found an MPI launcher.
/// </summary>
internal static class MpiStart
{
    /// <summary>Initialises MPI and returns its ranks.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ProcessGroup Create()
    {
        var mpi = new MpiCollective();
        return new ProcessGroup(mpi, mpi.Abort, mpi);
    }
}
