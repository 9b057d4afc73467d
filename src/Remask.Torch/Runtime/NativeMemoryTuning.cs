using System.Runtime.InteropServices;

namespace Remask.Torch.Runtime;

/// <summary>
/// Keeps glibc's allocator from handing libtorch's large tensor buffers back to the kernel after every use.
/// <para>
/// libtorch on CPU has no caching allocator: each operation mallocs its output and frees it when the tensor
/// dies. With glibc's defaults, buffers above the mmap threshold (128 KiB to 32 MiB, adaptive) are mmapped and
/// unmapped on every call, and the top of the heap is trimmed back to the kernel as soon as more than 128 KiB
/// is free, so every training step page-faults its activations in again. On the 2-core machine this made a
/// single 3x3 convolution 16 -> 16 channels at 64 x 64 (batch 16) take 24 ms instead of 1.4 ms and the whole
/// U-Net-S forward pass 3 to 6 times slower (docs/training.md, "Speed").
/// </para>
/// <para>
/// <see cref="Apply"/> sets, through mallopt: buffers up to 32 MiB come from the heap (M_MMAP_THRESHOLD, the
/// largest value glibc accepts) and are reused; the heap is not trimmed below 1 GiB of free space
/// (M_TRIM_THRESHOLD). It changes only this process, only on glibc, and is a no-op elsewhere; the environment
/// variable REMASK_MALLOC_TUNING=0 switches it off.
/// </para>
/// </summary>
public static partial class NativeMemoryTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int param, int value);

    private static readonly Lazy<bool> Applied = new(ApplyOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Applies the settings once per process. Returns true where they were taken (Linux with glibc).</summary>
    public static bool Apply() => Applied.Value;

    private static bool ApplyOnce()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariable("REMASK_MALLOC_TUNING") == "0") return false;
        try
        {
            return Mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 & Mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl): nothing to tune
        }
    }
}
