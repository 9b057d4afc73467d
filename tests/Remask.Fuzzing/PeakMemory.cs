using Remask.Core.Benchmarks;

namespace Remask.Fuzzing;

/// <summary>
/// The process's peak resident memory, reset before a case (Linux: writing 5 to /proc/self/clear_refs sets VmHWM back
/// to the current resident size) and read after it, so that native allocations (libjpeg-turbo, stb_image, libtorch)
/// count too. Null where /proc is not there.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Resets the peak; returns the resident bytes it now starts from.</summary>
    public static long? Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        return Peak();
    }

    public static long? Peak() => MachineState.PeakResidentMiB() is double mib ? (long)(mib * 1048576) : null;
}
