using System.Globalization;
using System.Runtime.InteropServices;

namespace Remask.Core.Benchmarks;

/// <summary>
/// What a speed measurement needs to say about the machine it ran on: cores, CPU model, operating system and
/// runtime, the load average (other work slows every measurement) and the process's peak resident memory. Read
/// from Linux's /proc; elsewhere the values that need it are null.
/// </summary>
internal static class MachineState
{
    /// <summary>Logical cores the process may use.</summary>
    public static int Cores => Environment.ProcessorCount;

    public static string OperatingSystem => RuntimeInformation.OSDescription;

    public static string Framework => RuntimeInformation.FrameworkDescription;

    /// <summary>The first "model name" of /proc/cpuinfo; null where there is none (not Linux, some ARM kernels).</summary>
    public static string? CpuModel()
    {
        foreach (string line in ReadLines("/proc/cpuinfo"))
            if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is int colon and > 0)
                return line[(colon + 1)..].Trim();
        return null;
    }

    /// <summary>The 1-, 5- and 15-minute load averages of /proc/loadavg (runnable and waiting processes; a quiet
    /// machine is well below its core count); null where unavailable.</summary>
    public static double[]? LoadAverage()
    {
        string? first = ReadLines("/proc/loadavg").FirstOrDefault();
        if (first is null) return null;
        string[] fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3) return null;
        var values = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) return null;
        return values;
    }

    /// <summary>The load averages as /proc/loadavg prints them ("1.25 0.80 0.51"), or "unknown".</summary>
    public static string LoadAverageText() =>
        LoadAverage() is { } l ? string.Join(' ', l.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))) : "unknown";

    /// <summary>
    /// This process's peak resident memory so far (VmHWM of /proc/self/status) in MiB; null where unavailable.
    /// It never goes down, so a value read after a phase bounds that phase and everything before it.
    /// </summary>
    public static double? PeakResidentMiB()
    {
        foreach (string line in ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);   // "VmHWM:", value, "kB"
                return f.Length >= 2 && long.TryParse(f[1], CultureInfo.InvariantCulture, out long kb) ? kb / 1024.0 : null;
            }
        return null;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
        return lines;
    }
}
