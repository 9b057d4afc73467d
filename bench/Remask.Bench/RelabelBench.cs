using System.Runtime.InteropServices;
using Remask.Core.Benchmarks;
using Remask.Core.Noise;
using Remask.Core.Relabeling;

namespace Remask.Bench;

/// <summary>
/// Relabel speed per 512 x 512 mask (docs/relabeling.md). Target: the paper's flip plus hole filling under 1 ms
/// (scipy: 4.4 ms). The maps imitate a trained model: p = sigmoid(signed distance to the clean outline / 3 px),
/// U = p (1 − p) (aleatoric), the label a 7-vertex polygon version of the clean mask (<see cref="BenchMasks"/>, shared with
/// <c>remask bench</c>).
/// </summary>
internal static class RelabelBench
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 && double.TryParse(args[0], System.Globalization.CultureInfo.InvariantCulture, out double s) ? s : 0.7;
        var clean = BenchMasks.Blobs()[0];
        int w = clean.Width, h = clean.Height;
        var label = new PolygonNoise(7).Apply(clean, 1);
        var (p, u) = BenchMasks.SoftMaps(clean);
        byte[] y = label.ToArray();
        byte[] flips = FlipSet.Compute(y, p, u, w, h, new RelabelSettings(FlipPolicy.Region), null);

        Console.WriteLine($"Remask relabel bench: {w}x{h}, label {100.0 * label.ForegroundShare:F1} % foreground, " +
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine($"load average before: {MachineState.LoadAverageText()}");
        Console.WriteLine();
        RelabelOutcome Run(RelabelSettings settings) => Relabeler.Relabel(y, p, u, w, h, settings);
        var guard = new GuardSettings();
        var snap = MaskCases.Snap(clean, w / 64.0);
        var alignment = MaskCases.Alignment(clean, w / 64.0);
        var appearance = MaskCases.Appearance(clean);
        var results = new List<(Timing.Result Result, double? Target)>
        {
            (Timing.Measure("paper flip + fill holes (δ given)", () => Run(RelabelSettings.Paper(0.2)), seconds: seconds), 1.0),
            (Timing.Measure("paper flip, no hole filling", () => Run(new RelabelSettings(FlipPolicy.Paper, 0.2, FillHoles: false)), seconds: seconds), null),
            (Timing.Measure("mean prediction + fill", () => Run(new RelabelSettings(FlipPolicy.MeanPrediction, 0.2)), seconds: seconds), null),
            (Timing.Measure("confident disagree + fill", () => Run(new RelabelSettings(FlipPolicy.ConfidentDisagree)), seconds: seconds), null),
            (Timing.Measure("band r = 2 + fill", () => Run(new RelabelSettings(FlipPolicy.Band, 0.2)), seconds: seconds), null),
            (Timing.Measure("region, opening r = 2 + fill", () => Run(new RelabelSettings(FlipPolicy.Region)), seconds: seconds), null),
            (Timing.Measure("paper + min component 20 + fill", () => Run(new RelabelSettings(FlipPolicy.Paper, 0.2, MinComponent: 20)), seconds: seconds), null),
            (Timing.Measure("paper, automatic δ (Otsu) + fill", () => Run(new RelabelSettings(FlipPolicy.Paper)), seconds: seconds), null),
            (Timing.Measure("paper, automatic δ (quantile 0.9) + fill", () => Run(new RelabelSettings(FlipPolicy.Paper, AutoDelta: DeltaRule.Quantile)), seconds: seconds), null),
            (Timing.Measure("region + guard + fill", () => Run(new RelabelSettings(FlipPolicy.Region, Guard: guard)), seconds: seconds), null),
            (Timing.Measure("region r = 1 + floor + guard + fill (the default flip)", () => Run(new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1,
                Guard: guard, FloorMargin: 0.08, FloorRadius: 4 * w / 64, FloorEvidence: 0.1)), seconds: seconds), null),
            (Timing.Measure("background floor alone", () => BackgroundFloor.Level(y, p, w, h, 4 * w / 64), seconds: seconds), null),
            (Timing.Measure("guard alone (region flips)", () => RelabelGuard.Decide(y, p, flips, w, h, guard), seconds: seconds), null),
            (Timing.Measure($"snap to edges, radius 2 and weight {RelabelSettings.DefaultSnapWeight} at the 64-pixel training size (graph cut)", () => snap.Run(), seconds: seconds), null),
            (Timing.Measure("outline alignment of one sampled image (two contrasts and a snap)", () => alignment.Run(), seconds: seconds), null),
            (Timing.Measure("appearance check (RGB, a poly7 label repaired to the clean mask, z = 2)", () => appearance.Run(), seconds: seconds), null),
            (Timing.Measure("label quality", () => LabelQuality.Of(y, p, u, w, h, flips.Count(f => f != 0)), seconds: seconds), null),
        };

        bool allMet = Timing.PrintTable(results);
        Console.WriteLine();
        Console.WriteLine($"load average after: {MachineState.LoadAverageText()}");
        return allMet ? 0 : 1;
    }
}
