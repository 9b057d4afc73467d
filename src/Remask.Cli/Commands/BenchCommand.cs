using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using Remask.Core;
using Remask.Core.Benchmarks;
using Remask.Core.IO;
using Remask.Torch.Benchmarks;
using Remask.Torch.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask bench [--out DIR] [--quick] [--reps N]</c>: the speed protocol of BENCHMARK.md section 6 on the machine at
/// hand (docs/bench.md). Per-mask operations (noise poly3, poly7, smooth and the relabel flip + hole filling on
/// 512 x 512 masks), U-Net-S training throughput (64 x 64 and 128 x 128, batch 16), uncertainty throughput
/// (eval forward, MC dropout x8, TTA x8 at 64 x 64) and the peak resident memory; each a median with min..max over
/// the repetitions after a warm-up, peers alternating in one loop. Progress on standard error; the machine, the
/// load averages and the table on standard output; with <c>--out</c>, every number in <c>DIR/bench.json</c>.
/// </summary>
internal sealed class BenchCommand : Command<BenchCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Also write DIR/bench.json (every number, its unit and repetitions, the machine); a folder that holds other files is refused unless --overwrite")]
        public string? Out { get; init; }

        [CommandOption("--overwrite")]
        [Description("Replace an output folder that holds other files")]
        public bool Overwrite { get; init; }

        [CommandOption("--quick")]
        [Description("Small sizes and few repetitions (seconds; for tests, not numbers to report)")]
        public bool Quick { get; init; }

        [CommandOption("--reps <N>")]
        [Description("Timed repetitions of each network measurement (default 10, --quick 3); the per-mask ones run 10 x N (--quick 2 x N)")]
        public int? Reps { get; init; }

        public override ValidationResult Validate()
        {
            if (Reps is < 1 or > 10000) return ValidationResult.Error("--reps must be 1 to 10000");
            if (Out is not null && string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out must name a folder");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string? outDir = settings.Out is null ? null : CheckOutput(settings.Out, settings.Overwrite);
        var plan = BenchPlan.For(settings.Quick, settings.Reps);
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        double[]? loadStart = MachineState.LoadAverage();
        Console.Error.WriteLine($"remask bench: masks, training, uncertainty, memory{(settings.Quick ? " (--quick)" : "")}; load average {MachineState.LoadAverageText()}");

        var measurements = new List<BenchMeasurement>();
        measurements.AddRange(MeasureMasks(plan, cancellationToken));
        bool tuned = NativeMemoryTuning.Apply();
        foreach (int size in plan.TrainSizes)
            measurements.Add(MeasureTraining(plan, size, cancellationToken));
        var memory = new List<BenchMemory> { Memory("peak resident memory after training", "whole process after the masks and the training steps (one batch in memory, not a dataset: see docs/training.md, Memory)") };
        measurements.AddRange(MeasureUncertainty(plan, cancellationToken));
        memory.Add(Memory("peak resident memory at the end", "whole process, after the uncertainty measurements too"));

        var machine = new BenchMachine(MachineState.Cores, MachineState.CpuModel(), MachineState.OperatingSystem, MachineState.Framework,
            torch.get_num_threads(), torch.get_num_interop_threads(), tuned, loadStart, MachineState.LoadAverage());
        string version = typeof(BenchCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var results = new BenchResults("remask " + string.Join(' ', context.Arguments), version, settings.Quick, started,
            clock.Elapsed.TotalSeconds, machine, measurements, memory);
        if (outDir is not null)
        {
            // Replacing a folder that holds only an earlier bench.json needs no --overwrite: that is rerunning the bench.
            bool replace = settings.Overwrite || OnlyEarlierResults(outDir);
            AtomicOutput.WriteDirectory(outDir, replace, temp => File.WriteAllText(Path.Combine(temp, BenchResults.FileName), results.ToJson()));
        }
        Console.Out.Write(results.ToText());
        if (outDir is not null) Console.Out.WriteLine($"wrote {Path.Combine(outDir, BenchResults.FileName)}");
        return CliApp.Ok;
    }

    /// <summary>Refuses, before any work, an output path that is a file, or a folder that holds anything but an earlier
    /// bench.json (unless overwriting); returns the full path.</summary>
    internal static string CheckOutput(string output, bool overwrite)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (File.Exists(full)) throw new RemaskDataException(output, "is a file, not a folder");
        if (!overwrite && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !OnlyEarlierResults(full))
            throw new RemaskDataException(output, "the output folder already holds other files; pass --overwrite to replace it");
        return full;
    }

    private static bool OnlyEarlierResults(string dir) =>
        Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).SequenceEqual([BenchResults.FileName]);

    /// <summary>Noise models and the relabel step, alternating in one loop, per mask.</summary>
    private static IEnumerable<BenchMeasurement> MeasureMasks(BenchPlan plan, CancellationToken cancellation)
    {
        var clean = BenchMasks.Blobs(plan.MaskSize)[0];
        var cases = MaskCases.Noise(clean).Append(MaskCases.Relabel(clean)).Append(MaskCases.Snap(clean, plan.MaskSize / 64.0)).ToList();
        var times = Ui.WithProgress($"masks {plan.MaskSize} x {plan.MaskSize}: noise and relabel",
            p => PeerTiming.Alternate(cases, plan.MaskWarmup, plan.MaskRepetitions, p, cancellation));
        return cases.Select((c, i) => BenchMeasurement.PerMask(i < MaskCases.NoiseNames.Count ? "noise" : "relabel",
            $"{c.Name}, {plan.MaskSize} x {plan.MaskSize}", times[i], plan.MaskWarmup));
    }

    /// <summary>U-Net-S training steps at one size.</summary>
    private static BenchMeasurement MeasureTraining(BenchPlan plan, int size, CancellationToken cancellation)
    {
        using var step = new TrainingStepCase(RandomBatch.Create(plan.Batch, size));
        PeerTiming.Case[] cases = [new("training step", () => step.Step())];
        var times = Ui.WithProgress($"training U-Net-S {size} x {size}, batch {plan.Batch}",
            p => PeerTiming.Alternate(cases, plan.Warmup, plan.Repetitions, p, cancellation));
        return BenchMeasurement.Throughput("training", $"training U-Net-S {size} x {size}, batch {plan.Batch}", times[0], plan.Batch, plan.Warmup);
    }

    /// <summary>Eval forward, MC dropout and TTA, alternating in one loop.</summary>
    private static IEnumerable<BenchMeasurement> MeasureUncertainty(BenchPlan plan, CancellationToken cancellation)
    {
        using var cases = new UncertaintyCases(RandomBatch.Create(plan.Batch, plan.UncertaintySize), plan.Samples);
        string where = $"{plan.UncertaintySize} x {plan.UncertaintySize}, batch {plan.Batch}";
        var times = Ui.WithProgress($"uncertainty {where}",
            p => PeerTiming.Alternate(cases.All, plan.Warmup, plan.Repetitions, p, cancellation));
        return cases.All.Select((c, i) => BenchMeasurement.Throughput(i == 0 ? "inference" : "uncertainty", $"{c.Name}, {where}",
            times[i], plan.Batch, plan.Warmup)).ToList();
    }

    private static BenchMemory Memory(string name, string note) =>
        MachineState.PeakResidentMiB() is double mib
            ? new BenchMemory(name, "MiB", mib, "VmHWM of /proc/self/status, " + note)
            : new BenchMemory(name, "MiB", null, "unavailable: no /proc/self/status on this system");
}
