using System.Reflection;
using System.Runtime.InteropServices;
using Remask.Core;

namespace Remask.Mpi;

/// <summary>
/// Points MPI.NET at this machine's MPI. MPI.NET binds to MS-MPI's <c>msmpi.dll</c>; MS-MPI and MPICH share MPICH's
/// ABI (handles as 32-bit integers, the same constants), so on Linux that name is mapped to an MPICH-ABI library:
/// <c>REMASK_MPI_LIBRARY</c> when set, else <c>libmpich.so.12</c> (MPICH, Cray MPICH), else <c>libmpi.so.12</c>
/// (Intel MPI). Open MPI's ABI differs and is refused before this (<c>MpiLaunch</c> in the tool).
/// </summary>
internal static class MpiLibrary
{
    /// <summary>The library names tried, in order, after <c>REMASK_MPI_LIBRARY</c>.</summary>
    internal static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12"];

    private static int _installed;

    /// <summary>Installs the resolver once, for MPI.NET's assembly.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1 || OperatingSystem.IsWindows()) return;
        NativeLibrary.SetDllImportResolver(typeof(MPI.Communicator).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        string? chosen = Environment.GetEnvironmentVariable("REMASK_MPI_LIBRARY");
        foreach (string candidate in chosen is { Length: > 0 } ? [chosen] : Candidates)
            if (NativeLibrary.TryLoad(candidate, out IntPtr handle)) return handle;
        throw new RemaskUsageException(chosen is { Length: > 0 }
            ? $"started by an MPI launcher, but REMASK_MPI_LIBRARY={chosen} cannot be loaded"
            : $"started by an MPI launcher, but no MPICH-ABI library ({string.Join(", ", Candidates)}) can be loaded: install MPICH (apt-get install mpich) or set REMASK_MPI_LIBRARY (docs/scale.md)");
    }
}
