using System.Globalization;
using System.Text;
using System.Text.Json;
using Remask.Core.Benchmarks;

namespace Remask.Cli.Commands;

/// <summary>One number of <c>remask bench</c>: median, minimum and maximum over the timed repetitions in
/// <see cref="Unit"/>, and the times per call they come from (a call handles <see cref="ItemsPerCall"/> images or masks).</summary>
internal sealed record BenchMeasurement(string Group, string Name, string Unit, double Median, double Min, double Max,
    int Repetitions, int Warmup, int ItemsPerCall, double MsPerCallMedian, double MsPerCallMin, double MsPerCallMax)
{
    /// <summary>Images per second of calls that handle <paramref name="items"/> images each.</summary>
    public static BenchMeasurement Throughput(string group, string name, TimingSamples t, int items, int warmup)
    {
        var (median, min, max) = t.Rate(items);
        return new(group, name, "images/s", median, min, max, t.Repetitions, warmup, items, t.MedianMs, t.MinMs, t.MaxMs);
    }

    /// <summary>Milliseconds per call of calls that handle one mask each.</summary>
    public static BenchMeasurement PerMask(string group, string name, TimingSamples t, int warmup) =>
        new(group, name, "ms per mask", t.MedianMs, t.MinMs, t.MaxMs, t.Repetitions, warmup, 1, t.MedianMs, t.MinMs, t.MaxMs);
}

/// <summary>A peak-resident-memory reading (VmHWM) in MiB; <see cref="Value"/> is null where /proc is unavailable.</summary>
internal sealed record BenchMemory(string Name, string Unit, double? Value, string Note);

/// <summary>The machine a bench ran on, and how busy it was at the start and at the end.</summary>
internal sealed record BenchMachine(int Cores, string? CpuModel, string OperatingSystem, string Framework, int TorchThreads,
    int TorchInteropThreads, bool MallocTuned, double[]? LoadAverageStart, double[]? LoadAverageEnd);

/// <summary>
/// What <c>remask bench</c> found: every measurement with its unit and repetitions, the memory readings and the
/// machine. Written as <c>OUT/bench.json</c> and printed as a Markdown table.
/// </summary>
internal sealed record BenchResults(string Command, string RemaskVersion, bool Quick, DateTime StartedUtc, double WallSeconds,
    BenchMachine Machine, IReadOnlyList<BenchMeasurement> Measurements, IReadOnlyList<BenchMemory> Memory)
{
    public const string FileName = "bench.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // a file, not HTML: "+" stays "+"
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>The machine, the load averages and a Markdown table of every number.</summary>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var m = Machine;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"remask bench{(Quick ? " --quick (small sizes, few repetitions: not the machine's speed)" : "")}");
        sb.AppendLine(c, $"machine: {m.Cores} cores, {m.CpuModel ?? "CPU model unknown"}, {m.OperatingSystem}, {m.Framework}");
        sb.AppendLine(c, $"libtorch: {m.TorchThreads} threads, {m.TorchInteropThreads} inter-op; allocator tuned: {(m.MallocTuned ? "yes" : "no")}");
        sb.AppendLine(c, $"load average (1, 5, 15 min): {Load(m.LoadAverageStart)} at start, {Load(m.LoadAverageEnd)} at end; wall {WallSeconds:F0} s");
        if (Busy(m) is double load)
            sb.AppendLine(c, $"note: load average {load:F1} on {m.Cores} cores: other work shared the machine, so these numbers are lower than its speed");
        sb.AppendLine();
        sb.AppendLine("| measurement | median | min..max | unit | reps |");
        sb.AppendLine("|---|---:|---:|---|---:|");
        foreach (var x in Measurements)
            sb.AppendLine(c, $"| {x.Name} | {Number(x.Median)} | {Number(x.Min)}..{Number(x.Max)} | {x.Unit} | {x.Repetitions} |");
        foreach (var x in Memory)
            sb.AppendLine(c, $"| {x.Name} | {(x.Value is double v ? v.ToString("F0", c) : "n/a")} | | {x.Unit} | 1 |");
        foreach (var x in Memory.Where(x => x.Value is null))
            sb.AppendLine(c, $"note: {x.Name}: {x.Note}");
        return sb.ToString();
    }

    /// <summary>The higher of the start and end 1-minute load averages when it exceeds half the cores; else null.</summary>
    private static double? Busy(BenchMachine m)
    {
        double load = Math.Max(m.LoadAverageStart?[0] ?? 0, m.LoadAverageEnd?[0] ?? 0);
        return load > 0.5 * m.Cores ? load : null;
    }

    private static string Load(double[]? l) =>
        l is null ? "unknown" : string.Join(' ', l.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)));

    /// <summary>Three significant digits or more: 0.412, 3.85, 102.6, 1234.</summary>
    private static string Number(double v) =>
        v.ToString(Math.Abs(v) >= 1000 ? "F0" : Math.Abs(v) >= 10 ? "F1" : Math.Abs(v) >= 1 ? "F2" : "F3", CultureInfo.InvariantCulture);
}
