namespace Remask.Cli.Tests;

/// <summary>A fact that needs MPICH's launcher (<c>mpirun.mpich</c>, Debian's mpich package, which .ci/run installs);
/// reported as skipped where it is absent.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    /// <summary>Where the launcher is looked for.</summary>
    public static readonly string Launcher = "/usr/bin/mpirun.mpich";

    public MpiFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux and MPICH (mpirun.mpich)";
        else if (!File.Exists(Launcher)) Skip = $"needs MPICH: {Launcher} is absent (apt-get install mpich libmpich-dev)";
    }
}
