// Synthetic dataset timing and previews.
//   dotnet run -c Release --project bench/SynthBench -- time [count]
//       per kind and size (64, 128, 256, 512): wall-clock mean, median and maximum milliseconds per sample
//       on one thread, and the process's CPU time per sample (less disturbed by other load on the machine)
//   dotnet run -c Release --project bench/SynthBench -- preview KIND COUNT SIZE SEED FILE
//       the montage of Montage.WriteSyntheticPreview (e.g. preview derm 16 128 2021 docs/synth-derm-grid.png)
using System.Diagnostics;
using System.Globalization;
using Remask.Core.Synthetic;
using Remask.Reports;

var inv = CultureInfo.InvariantCulture;
if (args.Length >= 1 && args[0] == "time")
{
    int count = args.Length > 1 ? int.Parse(args[1], inv) : 40;
    Console.WriteLine($"{Environment.ProcessorCount} logical cores, .NET {Environment.Version}, one thread, seed 2021, {count} samples per row after 60 warm-up samples");
    Console.WriteLine("kind  size   mean ms  median ms  max ms  cpu ms/sample");
    foreach (var kind in new[] { SyntheticKind.Derm, SyntheticKind.Ct })
        foreach (int size in new[] { 64, 128, 256, 512 })
        {
            for (int i = 0; i < 60; i++) SyntheticDatasets.Generate(kind, 1000 + i, Math.Min(size, 128), 2021);
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
if (args.Length == 6 && args[0] == "preview")
{
    var kind = SyntheticDatasets.ParseKind(args[1]);
    Montage.WriteSyntheticPreview(kind, int.Parse(args[2], inv), int.Parse(args[3], inv), int.Parse(args[4], inv), args[5]);
    Console.WriteLine($"wrote {args[5]}");
    return 0;
}
Console.Error.WriteLine("usage: time [count] | preview KIND COUNT SIZE SEED FILE");
return 2;
