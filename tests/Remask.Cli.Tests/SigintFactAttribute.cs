using System.Globalization;

namespace Remask.Cli.Tests;

/// <summary>
/// A fact that interrupts remask with SIGINT (Ctrl-C): it runs on Linux when this process does not ignore SIGINT, and
/// is reported as skipped otherwise. A process started in the background by a shell without job control (`cmd &` in a
/// script, nohup) inherits SIGINT as ignored, and .NET then leaves it ignored, as a background job should be: remask
/// would never see the signal the test sends, so the test could only fail.
/// </summary>
public sealed class SigintFactAttribute : FactAttribute
{
    public SigintFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (sends SIGINT with kill)";
        else if (SigintIgnored()) Skip = "SIGINT is ignored in this process (started in the background without job control), so remask would inherit that";
    }

    /// <summary>Bit 1 (SIGINT = 2) of the SigIgn mask in /proc/self/status.</summary>
    internal static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x2) != 0;
    }
}
