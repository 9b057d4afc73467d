using Remask.Torch.Interchange;

namespace Remask.Torch.Tests.Interchange;

/// <summary>
/// The guard around TorchSharp.PyBridge's unpickling (docs/reliability.md): PyBridge makes a tensor with torch.empty and
/// calls as_strided on it without keeping it, so a collection at that moment can finalize the tensor that libtorch is
/// reading (the 10,000-case state-dict bench segfaulted in as_strided_tensorimpl; with gen0 collections forced small,
/// DOTNET_GCgen0size=0x40000, one run in two crashed before the guard and none of three after). The race itself cannot be
/// replayed in a test; what is tested is that no collection happens inside the guard.
/// </summary>
public class NoCollectionTests
{
    [Fact]
    public void No_collection_runs_inside_the_guard_even_while_it_allocates()
    {
        // (entering the region may collect first, to make room; inside it nothing may)
        var (first, last) = NoCollection.During(() =>
        {
            int start = GC.CollectionCount(0), s = 0;
            for (int i = 0; i < 48_000; i++) s += new byte[1024].Length;   // 48 MB: more than a gen0 budget, less than the guard's 64
            Assert.Equal(48_000 * 1024, s);
            return (start, GC.CollectionCount(0));
        });
        Assert.Equal(first, last);
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
    }
}
