// Synthetic dataset timing and previews.
//   dotnet run -c Release --project bench/SynthBench -- time [count]
//       per kind and size (64, 128, 256, 512): wall-clock mean, median and maximum milliseconds per sample
//       on one thread, and the process's CPU time per sample (less disturbed by other load on the machine)
//   dotnet run -c Release --project bench/SynthBench -- stats [count] [difficulty]
//       mask statistics over samples 0..count-1 (default 200) of seeds 1, 77 and 2021 at 64 px (standard or hard),
//       and how much the paper's annotator noise changes the masks (mean Dice of poly7 / smooth masks with the clean)
//   dotnet run -c Release --project bench/SynthBench -- preview KIND COUNT SIZE SEED FILE [DIFFICULTY]
//       the montage of Montage.WriteSyntheticPreview (e.g. preview derm 16 128 2021 docs/synth-derm-grid.png;
//       DIFFICULTY standard, the default, or hard)
using System.Diagnostics;
using System.Globalization;
using Remask.Core.Metrics;
using Remask.Core.Noise;
using Remask.Core.Synthetic;
using Remask.Reports;

var inv = CultureInfo.InvariantCulture;
if (args.Length >= 1 && args[0] == "time")
{
    int count = args.Length > 1 ? int.Parse(args[1], inv) : 40;
    Console.WriteLine($"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, one thread, seed 2021, {count} samples per row after a warm-up of at least 60 samples and 1 s");
    Console.WriteLine("kind  size   mean ms  median ms  max ms  cpu ms/sample");
    foreach (var kind in new[] { SyntheticKind.Derm, SyntheticKind.Ct })
        foreach (int size in new[] { 64, 128, 256, 512 })
        {
            // Warm up for a second at least, so that tiered JIT compilation has finished before timing.
            long w0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < 60 || Stopwatch.GetElapsedTime(w0).TotalSeconds < 1; i++)
                SyntheticDatasets.Generate(kind, 1000 + i % 100, Math.Min(size, 128), 2021);
            var ms = new double[count];
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                SyntheticDatasets.Generate(kind, i, size, 2021);
                ms[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / count;
            Array.Sort(ms);
            Console.WriteLine(string.Format(inv, "{0,-5} {1,4} {2,9:0.00} {3,10:0.00} {4,7:0.00} {5,11:0.00}",
                SyntheticDatasets.Name(kind), size, ms.Average(), ms[count / 2], ms[^1], cpu));
        }
    return 0;
}
if (args.Length >= 1 && args[0] == "stats")
{
    int count = args.Length > 1 ? int.Parse(args[1], inv) : 200;
    var difficulty = args.Length > 2 ? SyntheticDifficulties.Parse(args[2]) : SyntheticDifficulty.Standard;
    int[] seeds = [1, 77, 2021];
    double minShare = 1, maxShare = 0, sumShare = 0;
    int touching = 0, n = 0;
    foreach (int seed in seeds)
        for (int i = 0; i < count; i++)
        {
            var m = SynthDerm.Generate(i, 64, seed, difficulty).Mask!;
            minShare = Math.Min(minShare, m.ForegroundShare);
            maxShare = Math.Max(maxShare, m.ForegroundShare);
            sumShare += m.ForegroundShare;
            n++;
            bool t = false;
            for (int k = 0; k < 64; k++) t |= m[k, 0] || m[k, 63] || m[0, k] || m[63, k];
            if (t) touching++;
        }
    Console.WriteLine(string.Format(inv, "derm: {0} images, lesion share {1:0.000}-{2:0.000} (mean {3:0.000}), touching the border {4} ({5:0.0} %)",
        n, minShare, maxShare, sumShare / n, touching, 100.0 * touching / n));
    minShare = 1; maxShare = 0; sumShare = 0; n = 0;
    int empty = 0;
    double minLiver = 1, maxLiver = 0;
    foreach (int seed in seeds)
        for (int i = 0; i < count; i++)
        {
            var s = SynthCt.Generate(i, 64, seed, difficulty);
            var m = s.Mask!;
            if (m.IsEmpty) { empty++; continue; }
            minShare = Math.Min(minShare, m.ForegroundShare);
            maxShare = Math.Max(maxShare, m.ForegroundShare);
            sumShare += m.ForegroundShare;
            n++;
            double sum = 0;
            var d = s.Image.Data;
            for (int k = 0; k < d.Length; k++) if (m.Pixels[k] != 0) sum += d[k];
            double mean = sum / m.CountForeground();
            minLiver = Math.Min(minLiver, mean);
            maxLiver = Math.Max(maxLiver, mean);
        }
    Console.WriteLine(string.Format(inv, "ct: {0} slices, {1} without liver; liver share {2:0.000}-{3:0.000} (mean {4:0.000}), mean liver value {5:0.000}-{6:0.000}",
        n + empty, empty, minShare, maxShare, sumShare / n, minLiver, maxLiver));
    foreach (var kind in new[] { SyntheticKind.Derm, SyntheticKind.Ct })
    {
        ILabelNoise[] noises = [new PolygonNoise(7), new SmoothCurveNoise()];
        var dice = new double[noises.Length];
        int masks = 0;
        foreach (int seed in seeds)
            for (int i = 0; i < count; i++)
            {
                var m = SyntheticDatasets.Generate(kind, i, 64, seed, difficulty).Mask!;
                if (m.IsEmpty) continue;
                masks++;
                for (int k = 0; k < noises.Length; k++) dice[k] += ConfusionCounts.Of(noises[k].Apply(m, (ulong)i), m).Dice;
            }
        Console.WriteLine(string.Format(inv, "{0}: noisy vs clean masks, mean Dice over {1}: poly7 {2:0.000}, smooth {3:0.000}",
            SyntheticDatasets.Name(kind), masks, dice[0] / masks, dice[1] / masks));
    }
    return 0;
}
if (args.Length is 6 or 7 && args[0] == "preview")
{
    var kind = SyntheticDatasets.ParseKind(args[1]);
    var difficulty = args.Length == 7 ? SyntheticDifficulties.Parse(args[6]) : SyntheticDifficulty.Standard;
    Montage.WriteSyntheticPreview(kind, int.Parse(args[2], inv), int.Parse(args[3], inv), int.Parse(args[4], inv), args[5], default, difficulty);
    Console.WriteLine($"wrote {args[5]}");
    return 0;
}
Console.Error.WriteLine("usage: time [count] | stats [count] [difficulty] | preview KIND COUNT SIZE SEED FILE [DIFFICULTY]");
return 2;

