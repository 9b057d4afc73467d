using System.Diagnostics;
using Remask.Core.Benchmarks;
using Remask.Core.Datasets;
using Remask.Core.Synthetic;
using Remask.Torch.Data;
using Remask.Torch.Models;
using Remask.Torch.Reweighting;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Bench.Torch;

/// <summary>
/// The cost of a <c>--method reweight</c> training step relative to a plain one (<c>--method none</c>): U-Net-S,
/// synth-derm batches, measured alternately in one loop (so load from other processes hits both alike), ratio per
/// repetition, of wall time and of the process's CPU time (all threads; with <c>threads=1</c> the work itself, little
/// moved by other processes). The reweight step is what the trainer does: <see cref="MetaReweighting.Weigh"/> (the clean
/// batch of <paramref name="batch"/> images, prefetched as in training, and the clean direction), the step's own forward
/// pass with a <see cref="ForwardRecord"/>, the weights from it (<see cref="PixelWeights.FromForward"/>), then loss,
/// backward and Adam on the same logits (the trainer's save and restore of the buffers is not in it). Then the time of
/// assembling a clean batch alone. Peak resident memory (VmHWM) after plain steps only, then after the reweight steps.
/// With <c>parts=1</c>, the process CPU time of each part of a reweight step, timed one after another. With
/// <c>virtual=1</c>, then the same with the meta-gradient by the virtual step (<see cref="MetaGradient.VirtualStep"/>)
/// and the time of its parts.
/// </summary>
internal static class ReweightBench
{
    public static void Run(int size, int batch, int reps, bool virtualSteps, bool parts = false)
    {
        manual_seed(1);
        var train = new SyntheticSampleSet(SyntheticKind.Derm, 400, size, 2021);
        var clean = new CleanSubset(new SampleSubset(train, Enumerable.Range(0, 20).ToArray()), null);
        var options = new TrainingOptions { Size = size, BatchSize = batch, Seed = 1, Reweight = new ReweightOptions { Pictures = 0 } };
        var model = new UNetS(new UNetSConfig(3));
        var adam = new ScalarSafeAdam(model.parameters(), options.LearningRate);
        var weighting = new MetaReweighting(clean);
        var assembler = new BatchAssembler(train, "training", size, 3);
        var batches = Enumerable.Range(0, 8).Select(i => assembler.Training(Enumerable.Range(20 + i * batch, batch).ToArray(), null, options.Augmentation, 1, 1)).ToList();
        model.train();

        var cleanBatches = new CleanBatches(clean, options, 3);
        // 0: plain; 1: reweight as training does it (MetaReweighting, forward mode); 2: reweight by the virtual step.
        double lastCpu = 0;
        double Plain(Batch b, int method, int step)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var x = tensor(b.Images, b.ImageShape);
            var y = tensor(b.Masks!, b.MaskShape);
            Tensor? w = null;
            if (method == 1)
            {
                // As the trainer does it: the clean direction, then the step's own forward pass with a record, the
                // weights from it, and the step on the same logits.
                var answer = weighting.Weigh(new PixelWeightingContext(model, x, y, b.Indices, b.Names, b.Transforms!, 1, step, options, ""));
                adam.zero_grad();
                using var record = new ForwardRecord();
                var logits = UNetSFunctional.Forward(model, UNetSFunctional.Parameters(model), x, record, updateRunningStatistics: true);
                PixelWeights final;
                using (no_grad()) final = answer.FromForward!(record, logits);
                SegmentationLoss.Compute(logits, y, final.Weights).backward();
                adam.step();
                lastCpu = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
                return sw.Elapsed.TotalMilliseconds;
            }
            if (method == 2)
            {
                var c = cleanBatches.For(1, step);
                w = MetaReweighting.Normalise(MetaGradient.VirtualStep(model, x, y, tensor(c.Images, c.ImageShape), tensor(c.Masks!, c.MaskShape), 1e-3).Gradient);
            }
            adam.zero_grad();
            SegmentationLoss.Compute(model.call(x), y, w).backward();
            adam.step();
            lastCpu = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
            return sw.Elapsed.TotalMilliseconds;
        }

        for (int i = 0; i < 5; i++) Plain(batches[i % batches.Count], 0, i);
        double? plainPeak = MachineState.PeakResidentMiB();
        var none = new List<double>(); var rew = new List<double>(); var ratio = new List<double>(); var cpuRatio = new List<double>();
        for (int r = -2; r < reps; r++)
        {
            var b = batches[(r + 2) % batches.Count];
            double p = Plain(b, 0, r + 2), pc = lastCpu, q = Plain(b, 1, r + 2), qc = lastCpu;
            if (r < 0) continue;
            none.Add(p); rew.Add(q); ratio.Add(q / p); cpuRatio.Add(qc / pc);
        }
        double? forwardModePeak = MachineState.PeakResidentMiB();
        var virt = new List<double>(); var virtRatio = new List<double>();
        for (int r = 0; r < (virtualSteps ? reps : 0); r++)
        {
            var b = batches[r % batches.Count];
            double p = Plain(b, 0, r), q = Plain(b, 2, r);
            virt.Add(q); virtRatio.Add(q / p);
        }
        Console.WriteLine($"(ms per batch of {batch} at {size}x{size}, clean batch {batch}, U-Net-S reference widths: median [min..max] over {reps})");
        Console.WriteLine($"plain step (--method none)      {S(none)}");
        Console.WriteLine($"reweight step (forward mode)    {S(rew)}");
        Console.WriteLine($"ratio reweight / plain          {S(ratio, "F2")}   (per repetition)");
        Console.WriteLine($"ratio of process CPU time       {S(cpuRatio, "F2")}   (per repetition; all threads, spinning included)");
        Console.WriteLine($"peak resident memory (VmHWM): {plainPeak:F0} MiB after plain steps only, {forwardModePeak:F0} MiB after the reweight steps");
        var assembly = Enumerable.Range(0, reps).Select(r => { var sw = Stopwatch.StartNew(); cleanBatches.For(2, r); return sw.Elapsed.TotalMilliseconds; }).ToList();
        Console.WriteLine($"  of which assembling the clean batch {S(assembly)}");
        if (parts) ComputeParts(model, adam, batches, cleanBatches, reps);
        if (!virtualSteps) return;
        Console.WriteLine($"reweight step (virtual step)    {S(virt)}");
        Console.WriteLine($"ratio virtual step / plain      {S(virtRatio, "F2")}   (per repetition, plain steps alternating)");
        Parts(model, batches[0], clean, options, reps);
        Console.WriteLine($"peak resident memory (VmHWM) after the virtual steps: {MachineState.PeakResidentMiB():F0} MiB; managed heap {GC.GetTotalMemory(true) >> 20} MiB");
    }

    /// <summary>Where a forward-mode reweight step's time goes (<see cref="MetaGradient.Compute"/> written out):
    /// its parts timed one after another, and a plain step for scale.</summary>
    private static void ComputeParts(UNetS model, ScalarSafeAdam adam, List<Batch> batches, CleanBatches cleanBatches, int reps)
    {
        string[] labels = ["assemble clean batch", "clean direction (fwd + bwd)", "step forward with record", "tangents + loss Jacobian",
            "normalise + zero count", "loss, backward, Adam", "plain step (for scale)", "plain forward (no_grad)"];
        var parts = labels.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < reps; r++)
        {
            var b = batches[r % batches.Count];
            using var scope = NewDisposeScope();
            var x = tensor(b.Images, b.ImageShape);
            var y = tensor(b.Masks!, b.MaskShape);
            var cpuMark = Environment.CpuUsage.TotalTime;
            double Lap() { var now = Environment.CpuUsage.TotalTime; double t = (now - cpuMark).TotalMilliseconds; cpuMark = now; return t; }
            var c = cleanBatches.For(1, r);
            var cx = tensor(c.Images, c.ImageShape);
            var cy = tensor(c.Masks!, c.MaskShape);
            parts[0].Add(Lap());
            var (v, _) = MetaGradient.CleanDirection(model, cx, cy);
            parts[1].Add(Lap());
            adam.zero_grad();
            using var record = new ForwardRecord();
            var logits = UNetSFunctional.Forward(model, UNetSFunctional.Parameters(model), x, record, updateRunningStatistics: true);
            parts[2].Add(Lap());
            Tensor g;
            using (no_grad()) g = MetaGradient.Along(model, v, record, logits, y, 1e-3);
            parts[3].Add(Lap());
            var w = MetaReweighting.Normalise(g);
            if (w is not null) w.eq(0.0).sum().item<long>();
            parts[4].Add(Lap());
            SegmentationLoss.Compute(logits, y, w).backward();
            adam.step();
            parts[5].Add(Lap());
            adam.zero_grad();
            SegmentationLoss.Compute(model.call(x), y, w).backward();
            adam.step();
            parts[6].Add(Lap());
            using (no_grad()) model.call(x).sum().item<float>();
            parts[7].Add(Lap());
        }
        Console.WriteLine("parts, process CPU time (ms):");
        for (int k = 0; k < labels.Length; k++) Console.WriteLine($"  {labels[k],-30}  {S(parts[k])}");
    }

    /// <summary>Where a virtual-step meta-gradient's time goes: its four parts, timed one after another.</summary>
    private static void Parts(UNetS model, Batch b, CleanSubset clean, TrainingOptions options, int reps)
    {
        var cleanBatch = new CleanBatches(clean, options, 3).For(1, 0);
        var parts = new List<double>[5];
        for (int k = 0; k < parts.Length; k++) parts[k] = [];
        for (int r = 0; r < reps; r++)
        {
            using var scope = NewDisposeScope();
            var x = tensor(b.Images, b.ImageShape);
            var y = tensor(b.Masks!, b.MaskShape);
            var cx = tensor(cleanBatch.Images, cleanBatch.ImageShape);
            var cy = tensor(cleanBatch.Masks!, cleanBatch.MaskShape);
            var sw = Stopwatch.StartNew();
            double Lap() { double t = sw.Elapsed.TotalMilliseconds; sw.Restart(); return t; }
            var theta = UNetSFunctional.Parameters(model);
            var names = theta.Keys.ToArray();
            var eps = zeros_like(y).requires_grad_(true);
            var loss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, theta, x), y, eps);
            parts[0].Add(Lap());
            var grads = autograd.grad([loss], names.Select(n => theta[n]).ToList(), retain_graph: true, create_graph: true);
            parts[1].Add(Lap());
            var moved = names.Select((n, i) => (n, theta[n] - 1e-3 * grads[i])).ToDictionary(p => p.n, p => p.Item2);
            var cleanLoss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, moved, cx), cy);
            parts[2].Add(Lap());
            autograd.grad([cleanLoss], [eps]);
            parts[3].Add(Lap());
        }
        string[] labels = ["noisy forward (functional)", "grad θ, create_graph", "clean forward at θ'", "grad ε (double backward)"];
        for (int k = 0; k < 4; k++) Console.WriteLine($"  {labels[k],-30}  {S(parts[k])}");
    }

    private static string S(List<double> v, string fmt = "F1")
    {
        var s = v.Order().ToArray();
        return $"{s[s.Length / 2].ToString(fmt),7} [{s[0].ToString(fmt)}..{s[^1].ToString(fmt)}]".PadRight(28);
    }
}
