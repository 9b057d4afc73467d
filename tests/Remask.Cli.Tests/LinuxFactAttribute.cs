namespace Remask.Cli.Tests;

/// <summary>A fact that runs on Linux only and is reported as skipped elsewhere (it sends POSIX signals).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (sends SIGINT with kill)";
    }
}
