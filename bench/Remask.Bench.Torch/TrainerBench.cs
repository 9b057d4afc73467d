using System.Diagnostics;
using Remask.Core.Benchmarks;
using Remask.Core.Synthetic;
using Remask.Torch.Training;

namespace Remask.Bench.Torch;

/// <summary>
/// A whole training run through <see cref="Trainer"/> on synth-derm images generated on demand (nothing held in
/// memory): images per second of the epochs (data pipeline included) and the process's peak resident memory
/// (VmHWM), to show that memory does not grow with the number of training images.
/// </summary>
internal static class TrainerBench
{
    public static void Run(int images, int size, int batch, int epochs, string kind)
    {
        // REMASK_BENCH_PREFETCH=N sets TrainingOptions.PrefetchBatches (0: batches prepared on the training thread).
        var synth = kind == "ct" ? SyntheticKind.Ct : SyntheticKind.Derm;
        var train = new SyntheticSampleSet(synth, images, size, 2021);
        var test = new SyntheticSampleSet(synth, Math.Max(1, images / 4), size, 2022);
        string run = Path.Combine(Path.GetTempPath(), "remask-bench-run-" + Environment.ProcessId);
        try
        {
            var options = new TrainingOptions { Epochs = epochs, Size = size, BatchSize = batch, Seed = 1, PrefetchBatches = int.Parse(Environment.GetEnvironmentVariable("REMASK_BENCH_PREFETCH") ?? TrainingOptions.DefaultPrefetchBatches.ToString()) };
            var sw = Stopwatch.StartNew();
            var result = new Trainer(new TrainingData(train, Test: test), options, run).Run(RunStart.New);
            Console.WriteLine($"{images} training images ({kind}, {size}x{size}), {epochs} epoch(s), batch {batch}: wall {sw.Elapsed.TotalSeconds:F1} s");
            foreach (var r in result.Epochs)
                Console.WriteLine($"  epoch {r.Epoch}: {r.ImagesPerSecond:F1} images/s (training steps incl. data), loss {r.TrainLoss:F4}, D_clean {r.DClean:F1}");
            Console.WriteLine($"  peak resident memory (VmHWM): {MachineState.PeakResidentMiB():F0} MiB; GCs gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / (1 << 20)} MiB");
        }
        finally
        {
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        }
    }
}
