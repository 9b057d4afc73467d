using Remask.Core.Benchmarks;
using Remask.Torch.Benchmarks;
using Remask.Torch.Inference;
using Remask.Torch.Models;
using Remask.Torch.Uncertainty;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Bench.Torch;

/// <summary>
/// Uncertainty throughput of U-Net-S (reference widths, 3 channels): eval forward, MC dropout x N and TTA x N on
/// batches of B images, as one pass of B·N images and as N passes of B images, measured alternately in the same loop
/// (load from other processes hits all alike). Images/s counts input images (each gets N maps). est=auto compares the automatic pass size (SampledForward.PassPixels) with eval, est=pass the pass size pass=K; est=a,b,c picks cases by key. With est=NAME only
/// that estimator runs, so that the peak resident memory printed at the end (VmHWM) is its own. est=bf16 times the folded
/// eval forward and MC dropout / TTA with the automatic pass size in float32 and in bfloat16 (UNetS.InferencePrecision),
/// alternately, and prints the bf16 speed-up of each (float32 median / bfloat16 median); keys evalbf, mcautobf, ttaautobf.
/// </summary>
internal static class UncertaintyBench
{
    public static void Run(int size, int batch, int reps, int samples, string only, int pass, bool channelsLast)
    {
        torch.manual_seed(1);
        using var model = new UNetS(new UNetSConfig(3)) { ChannelsLast = channelsLast };
        model.eval();
        var b = RandomBatch.Create(batch, size);
        var cases = new (string Name, Func<float[]> Run)[]
        {
            ("eval forward", () => ModelInference.Probabilities(model, b)),
            ("eval forward, BatchNorm folded", () => { using (ModelModes.Evaluation(model)) return ModelInference.Probabilities(model, b); }),
            ($"MC dropout x{samples}, 1 pass of {batch * samples}", () => new MonteCarloDropout(samples, 1, samplesPerPass: samples).Sample(model, b)),
            ($"MC dropout x{samples}, {samples} passes of {batch}", () => new MonteCarloDropout(samples, 1, samplesPerPass: 1).Sample(model, b)),
            ($"TTA x{samples}, 1 pass of {batch * samples}", () => new TestTimeAugmentation(samples, samplesPerPass: samples).Sample(model, b)),
            ($"TTA x{samples}, {samples} passes of {batch}", () => new TestTimeAugmentation(samples, samplesPerPass: 1).Sample(model, b)),
            ($"MC dropout x{samples}, automatic ({SampledForward.AutomaticSamplesPerPass(samples, batch, size)}/pass)", () => new MonteCarloDropout(samples, 1).Sample(model, b)),
            ($"TTA x{samples}, automatic ({SampledForward.AutomaticSamplesPerPass(samples, batch, size)}/pass)", () => new TestTimeAugmentation(samples).Sample(model, b)),
            ($"MC dropout x{samples}, {pass}/pass", () => new MonteCarloDropout(samples, 1, samplesPerPass: pass).Sample(model, b)),
            ($"TTA x{samples}, {pass}/pass", () => new TestTimeAugmentation(samples, samplesPerPass: pass).Sample(model, b)),
            ("eval forward, folded, bf16", () => Bf16(() => { using (ModelModes.Evaluation(model)) return ModelInference.Probabilities(model, b); })),
            ($"MC dropout x{samples}, automatic, bf16", () => Bf16(() => new MonteCarloDropout(samples, 1).Sample(model, b))),
            ($"TTA x{samples}, automatic, bf16", () => Bf16(() => new TestTimeAugmentation(samples).Sample(model, b))),
        };
        // bfloat16 inference (UNetS.InferencePrecision): the same model and weights, switched for the one call.
        float[] Bf16(Func<float[]> run)
        {
            model.InferencePrecision = InferencePrecision.Bf16;
            try { return run(); }
            finally { model.InferencePrecision = InferencePrecision.Fp32; }
        }
        string[] keys = ["eval", "evalfold", "mc", "mc1", "tta", "tta1", "mcauto", "ttaauto", "mcpass", "ttapass", "evalbf", "mcautobf", "ttaautobf"];
        (int Fp32, int Bf16)[] pairs = [(1, 10), (6, 11), (7, 12)];
        // "all": the fixed pass sizes; the automatic ones equal "1 pass" unless the pass exceeds the pixel cap (128 x 128).
        var chosen = Enumerable.Range(0, cases.Length).Where(i => only switch
        {
            "all" => i < 6,
            "auto" => i is 0 or 1 or 6 or 7,
            "pass" => i is 0 or 1 or 8 or 9,
            "bf16" => i is 1 or 6 or 7 or 10 or 11 or 12,
            _ => only.Split(',').Contains(keys[i]),
        }).ToArray();
        // The process's CPU time of every call too: under heavy load from other processes the wall clock mostly measures
        // waiting, while CPU time (with threads=1, free of OpenMP spinning) measures the work done.
        var cpu = chosen.ToDictionary(i => i, _ => new List<double>());
        var process = System.Diagnostics.Process.GetCurrentProcess();
        void Timed(int i)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            cases[i].Run();
            process.Refresh();
            cpu[i].Add((process.TotalProcessorTime - before).TotalMilliseconds);
        }
        var times = PeerTiming.Alternate(chosen.Select(i => new PeerTiming.Case(cases[i].Name, () => Timed(i))).ToList(), 2, reps);
        double CpuMedian(int i) { var v = cpu[i].Skip(2).Order().ToList(); return v[v.Count / 2]; }   // the 2 warm-up calls left out
        Console.WriteLine($"(ms per batch of {batch} images: median [min..max] over {reps}; images/s from the median)");
        for (int k = 0; k < chosen.Length; k++)
        {
            var t = times[k];
            Console.WriteLine($"{cases[chosen[k]].Name,-34} {t.MedianMs,8:F1} [{t.MinMs:F1}..{t.MaxMs:F1}]   {batch * 1000 / t.MedianMs,7:F1} images/s   CPU {CpuMedian(chosen[k]),8:F1} ms");
        }
        foreach (var (f, h) in pairs)
        {
            int kf = Array.IndexOf(chosen, f), kh = Array.IndexOf(chosen, h);
            if (kf >= 0 && kh >= 0)
                Console.WriteLine($"bf16 speed-up, {cases[f].Name}: wall {times[kf].MedianMs / times[kh].MedianMs:F2}x (min {times[kf].MinMs / times[kh].MinMs:F2}x), CPU time {CpuMedian(f) / CpuMedian(h):F2}x");
        }
        Console.WriteLine($"peak resident memory (VmHWM) {MachineState.PeakResidentMiB():F0} MiB");
    }
}
