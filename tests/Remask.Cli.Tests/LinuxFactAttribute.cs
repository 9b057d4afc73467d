namespace Remask.Cli.Tests;

/// <summary>A fact that runs on Linux only and is reported as skipped elsewhere (POSIX signals, /proc, flock).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (POSIX signals, /proc, flock)";
    }
}
