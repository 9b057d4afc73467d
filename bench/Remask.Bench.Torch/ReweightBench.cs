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
/// repetition. The reweight step is <see cref="MetaReweighting.Weigh"/> (clean batch of <paramref name="batch"/>
/// images assembled on the training thread, meta-gradient, normalisation) followed by the same plain step with
/// the weights; then the time of assembling a clean batch alone. Peak resident memory (VmHWM) after plain steps
/// only, then after the reweight steps. With
/// <c>virtual=1</c>, then the same with the meta-gradient by the virtual step (<see cref="MetaGradient.VirtualStep"/>)
/// and the time of its parts.
/// </summary>
internal static class ReweightBench
{
    public static void Run(int size, int batch, int reps, bool virtualSteps)
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
        double Plain(Batch b, int method, int step)
        {
            var sw = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var x = tensor(b.Images, b.ImageShape);
            var y = tensor(b.Masks!, b.MaskShape);
            Tensor? w = null;
            if (method == 1)
                w = weighting.Weigh(new PixelWeightingContext(model, x, y, b.Indices, b.Names, b.Transforms!, 1, step, options, "")).Weights;
            if (method == 2)
            {
                var c = cleanBatches.For(1, step);
                w = MetaReweighting.Normalise(MetaGradient.VirtualStep(model, x, y, tensor(c.Images, c.ImageShape), tensor(c.Masks!, c.MaskShape), 1e-3).Gradient);
            }
            adam.zero_grad();
            SegmentationLoss.Compute(model.call(x), y, w).backward();
            adam.step();
            return sw.Elapsed.TotalMilliseconds;
        }

        for (int i = 0; i < 5; i++) Plain(batches[i % batches.Count], 0, i);
        double? plainPeak = MachineState.PeakResidentMiB();
        var none = new List<double>(); var rew = new List<double>(); var ratio = new List<double>();
        for (int r = -2; r < reps; r++)
        {
            var b = batches[(r + 2) % batches.Count];
            double p = Plain(b, 0, r + 2), q = Plain(b, 1, r + 2);
            if (r < 0) continue;
            none.Add(p); rew.Add(q); ratio.Add(q / p);
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
        Console.WriteLine($"peak resident memory (VmHWM): {plainPeak:F0} MiB after plain steps only, {forwardModePeak:F0} MiB after the reweight steps");
        var assembly = Enumerable.Range(0, reps).Select(r => { var sw = Stopwatch.StartNew(); cleanBatches.For(2, r); return sw.Elapsed.TotalMilliseconds; }).ToList();
        Console.WriteLine($"  of which assembling the clean batch {S(assembly)}");
        if (!virtualSteps) return;
        Console.WriteLine($"reweight step (virtual step)    {S(virt)}");
        Console.WriteLine($"ratio virtual step / plain      {S(virtRatio, "F2")}   (per repetition, plain steps alternating)");
        Parts(model, batches[0], clean, options, reps);
        Console.WriteLine($"peak resident memory (VmHWM) after the virtual steps: {MachineState.PeakResidentMiB():F0} MiB; managed heap {GC.GetTotalMemory(true) >> 20} MiB");
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
