using System.Runtime;

namespace Remask.Torch.Interchange;

/// <summary>
/// Runs code that makes TorchSharp tensors it does not keep (TorchSharp.PyBridge's tensor reconstruction:
/// <c>torch.empty(shape).as_strided(...)</c>) with no garbage collection, as far as .NET can promise it. A temporary
/// tensor that nothing references any more can otherwise be finalized, and its libtorch tensor freed, while libtorch
/// still reads it inside the next call: the reader fuzzer's 10,000-case runs crashed the process that way (a segfault in
/// <c>at::native::as_strided_tensorimpl</c>). The region holds for up to 64 MB of managed allocation, far more than
/// unpickling takes; past that a collection may happen, as before.
/// </summary>
internal static class NoCollection
{
    private const long Budget = 64L << 20;

    public static T During<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        bool started;
        try { started = GC.TryStartNoGCRegion(Budget); }
        catch (InvalidOperationException) { started = false; }   // already in a region (another thread's load)
        try
        {
            return work();
        }
        finally
        {
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }
}
