using System.Runtime.InteropServices;
using Remask.Core.Benchmarks;
using Remask.Core.Metrics;
using Remask.Core.Morphology;
using Remask.Core.Noise;

namespace Remask.Bench;

/// <summary>
/// Noise, morphology and metric speed per 512 x 512 mask with a few components (docs/noise-and-metrics.md).
/// Targets: hole filling under 2 ms, poly noise under 5 ms, Dice under 0.5 ms.
/// </summary>
internal static class NoiseBench
{
    private const int Size = 512;

    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 && double.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 0.7;
        var masks = BenchMasks.Blobs(Size);
        var clean = masks[0];
        var other = masks[1];
        var scores = new float[clean.Length];
        var random = new Random(5);
        for (int i = 0; i < scores.Length; i++) scores[i] = (float)Math.Round(random.NextDouble() * 100) / 100;   // ties, as in real uncertainty maps
        var labels = ConnectedComponents.Label(clean);

        Console.WriteLine($"Remask noise/morphology/metrics bench: {Size}x{Size} masks, {labels.Count} components, " +
            $"{100.0 * clean.ForegroundShare:F1} % foreground; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, " +
            $"{RuntimeInformation.OSDescription}");
        Console.WriteLine($"load average before: {MachineState.LoadAverageText()} (other work on the machine slows the tail, p90, first)");
        Console.WriteLine();
        ulong seed = 0;
        var results = new List<(Timing.Result Result, double? Target)>
        {
            (Timing.Measure("fill holes (4-connected background)", () => HoleFilling.Fill(clean), seconds: seconds), 2.0),
            (Timing.Measure("fill holes (8-connected background)", () => HoleFilling.Fill(clean, Connectivity.Eight), seconds: seconds), 2.0),
            (Timing.Measure("connected components (8)", () => ConnectedComponents.Label(clean), seconds: seconds), null),
            (Timing.Measure("outer contours", () => ContourTracer.OuterBoundaries(labels), seconds: seconds), null),
            (Timing.Measure("noise poly3", () => new PolygonNoise(3).Apply(clean, seed++), seconds: seconds), 5.0),
            (Timing.Measure("noise poly7", () => new PolygonNoise(7).Apply(clean, seed++), seconds: seconds), 5.0),
            (Timing.Measure("noise smooth (k = 7)", () => new SmoothCurveNoise().Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("noise dilate", () => NoiseModels.Parse("dilate").Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("noise erode", () => NoiseModels.Parse("erode").Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("noise affine", () => NoiseModels.Parse("affine").Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("noise markov", () => NoiseModels.Parse("markov").Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("noise mix", () => NoiseModels.Parse("mix").Apply(clean, seed++), seconds: seconds), null),
            (Timing.Measure("dilate, disk r = 5", () => DiskMorphology.Dilate(clean, 5), seconds: seconds), null),
            (Timing.Measure("open, disk r = 3", () => DiskMorphology.Open(clean, 3), seconds: seconds), null),
            (Timing.Measure("Dice (confusion counts)", () => ConfusionCounts.Of(clean, other), seconds: seconds), 0.5),
            (Timing.Measure("HD95", () => SurfaceDistance.Hausdorff95(clean, other), seconds: seconds), null),
            (Timing.Measure("AUROC (262144 scores)", () => Auroc.Compute(scores, clean.Pixels), seconds: seconds), null),
        };

        bool allMet = Timing.PrintTable(results);
        Console.WriteLine();
        Console.WriteLine($"load average after: {MachineState.LoadAverageText()}");
        return allMet ? 0 : 1;
    }
}
