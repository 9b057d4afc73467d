using Remask.Core.Benchmarks;
using Remask.Core.Morphology;

namespace Remask.Core.Tests.Benchmarks;

public class PeerTimingTests
{
    [Fact]
    public void Cases_run_in_turn_each_round_and_warm_up_rounds_are_not_recorded()
    {
        var calls = new List<string>();
        var times = PeerTiming.Alternate([new("a", () => calls.Add("a")), new("b", () => calls.Add("b"))], warmup: 2, repetitions: 3);
        Assert.Equal(["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"], calls);
        Assert.All(times, t => Assert.Equal(3, t.Repetitions));
    }

    [Fact]
    public void Progress_counts_rounds_and_cancellation_stops_before_the_next_call()
    {
        using var cancel = new CancellationTokenSource();
        var reports = new List<(int, int)>();
        int calls = 0;
        var progress = new SynchronousProgress<(int Done, int Total)>(p => { reports.Add(p); if (p.Done == 2) cancel.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            PeerTiming.Alternate([new("a", () => calls++)], 1, 10, progress, cancel.Token));
        Assert.Equal(2, calls);
        Assert.Equal([(1, 11), (2, 11)], reports);
    }

    [Fact]
    public void Samples_give_the_median_the_extremes_and_rates_from_the_time_per_call()
    {
        var t = new TimingSamples([40, 10, 20, 80]);
        Assert.Equal(40, t.MedianMs);   // an even count: the upper of the two middle values
        Assert.Equal(10, t.MinMs);
        Assert.Equal(80, t.MaxMs);
        var (median, min, max) = t.Rate(16);
        Assert.Equal(400, median, 9);   // 16 images in 40 ms
        Assert.Equal(200, min, 9);      // the slowest call
        Assert.Equal(1600, max, 9);     // the fastest call
        Assert.Throws<ArgumentException>(() => new TimingSamples([]));
    }

    [Fact]
    public void The_reference_masks_have_four_components_and_keep_their_shape_when_scaled()
    {
        var full = BenchMasks.Blobs();
        Assert.Equal(512, full[0].Width);
        Assert.Equal(4, ConnectedComponents.Label(full[0]).Count);
        Assert.InRange(full[0].ForegroundShare, 0.30, 0.34);
        var small = BenchMasks.Blobs(128)[0];
        Assert.InRange(small.ForegroundShare, full[0].ForegroundShare - 0.01, full[0].ForegroundShare + 0.01);
        var (p, u) = BenchMasks.SoftMaps(full[0]);
        Assert.All(Enumerable.Range(0, p.Length).Where(i => i % 997 == 0), i =>
        {
            Assert.Equal(full[0].Pixels[i] != 0, p[i] > 0.5f);
            Assert.Equal((double)(p[i] * (1 - p[i])), u[i], 6);
        });
    }

    [Fact]
    public void The_machine_readings_come_from_proc_on_linux()
    {
        Assert.True(MachineState.Cores >= 1);
        if (!OperatingSystem.IsLinux()) return;
        Assert.NotNull(MachineState.LoadAverage());
        Assert.Equal(3, MachineState.LoadAverage()!.Length);
        Assert.True(MachineState.PeakResidentMiB() > 1);
    }
}
