using System.Diagnostics;
using Remask.Torch.Data;
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
/// that estimator runs, so that the peak resident memory printed at the end (VmHWM) is its own.
/// </summary>
internal static class UncertaintyBench
{
    public static void Run(int size, int batch, int reps, int samples, string only, int pass, bool channelsLast)
    {
        torch.manual_seed(1);
        using var model = new UNetS(new UNetSConfig(3)) { ChannelsLast = channelsLast };
        model.eval();
        var images = rand(batch, 3, size, size).data<float>().ToArray();
        var b = new Batch
        {
            Indices = Enumerable.Range(0, batch).ToArray(), Names = Enumerable.Range(0, batch).Select(i => $"i{i}").ToArray(),
            Channels = 3, Size = size, Images = images, OriginalSizes = Enumerable.Repeat((size, size), batch).ToArray(),
        };
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
        };
        string[] keys = ["eval", "evalfold", "mc", "mc1", "tta", "tta1", "mcauto", "ttaauto", "mcpass", "ttapass"];
        // "all": the fixed pass sizes; the automatic ones equal "1 pass" unless the pass exceeds the pixel cap (128 x 128).
        var chosen = Enumerable.Range(0, cases.Length).Where(i => only switch
        {
            "all" => i < 6,
            "auto" => i is 0 or 1 or 6 or 7,
            "pass" => i is 0 or 1 or 8 or 9,
            _ => only.Split(',').Contains(keys[i]),
        }).ToArray();
        var times = chosen.ToDictionary(i => i, _ => new List<double>());
        for (int r = -2; r < reps; r++)
            foreach (int i in chosen)
            {
                var sw = Stopwatch.StartNew();
                cases[i].Run();
                if (r >= 0) times[i].Add(sw.Elapsed.TotalMilliseconds);
            }
        Console.WriteLine($"(ms per batch of {batch} images: median [min..max] over {reps}; images/s from the median)");
        foreach (int i in chosen)
        {
            var s = times[i].Order().ToArray();
            double med = s[s.Length / 2];
            Console.WriteLine($"{cases[i].Name,-34} {med,8:F1} [{s[0]:F1}..{s[^1]:F1}]   {batch * 1000 / med,7:F1} images/s");
        }
        Console.WriteLine($"peak resident memory (VmHWM) {PeakRssMb():F0} MB");
    }

    private static double PeakRssMb()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:")) return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
        return double.NaN;
    }
}
