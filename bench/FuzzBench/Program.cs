// The reader fuzzer's bench mode (docs/reliability.md): N cases per format (default 10,000), each probe held to a time
// limit (default 1 s) and to its allocation budget, managed and native (peak resident memory, reset before every case).
// Usage: dotnet run -c Release --project bench/FuzzBench -- [FORMAT[,FORMAT...]|all] [CASES] [SEED] [LIMIT_SECONDS]
//        dotnet run -c Release --project bench/FuzzBench -- dump FORMAT SEED CASE FILE   (writes one case's mutated file)
// Formats: png, jpeg-stb, jpeg-skia, nifti, nifti-gz, dataset-json, state-dict, checkpoint. Exit code 1 when any case failed.
// REMASK_FUZZ_CHANGED=1 also lists the first cases that read as other, valid data (to judge whether they should);
// REMASK_FUZZ_TRACE=FILE writes each case's index before it runs (to find a case that crashes the process),
// REMASK_FUZZ_FIRST=K starts at case K.
using System.Globalization;
using Remask.Core.Benchmarks;
using Remask.Core.Imaging;
using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Remask.Fuzzing.Torch;
using Remask.Imaging.Skia;

var targets = new Dictionary<string, Func<FuzzTarget>>(StringComparer.OrdinalIgnoreCase)
{
    ["png"] = ImageTargets.Png,
    ["jpeg-stb"] = () => ImageTargets.Jpeg(StbJpegDecoder.Instance, "jpeg-stb"),
    ["jpeg-skia"] = () => ImageTargets.Jpeg(SkiaJpegDecoder.Instance, "jpeg-skia"),
    ["nifti"] = () => NiftiTargets.Nifti(gzip: false),
    ["nifti-gz"] = () => NiftiTargets.Nifti(gzip: true),
    ["dataset-json"] = DatasetJsonTarget.Create,
    ["state-dict"] = TorchTargets.ModelFolder,
    ["checkpoint"] = () => TorchTargets.Checkpoint(SeedFolder()),
};
// the checkpoint target trains its seed run here; deleted at the end
static string SeedFolder() => Path.Combine(Path.GetTempPath(), $"remask-fuzz-seed-{Environment.ProcessId}");
if (args is ["dump", var format, var seedText, var caseText, var output])
{
    // writes one case's mutated file, to look at it or to make a regression test of it
    var target = targets[format]();
    var (s, mutant) = FuzzRunner.Case(target, ulong.Parse(seedText, CultureInfo.InvariantCulture), int.Parse(caseText, CultureInfo.InvariantCulture));
    File.WriteAllBytes(output, mutant.Bytes);
    Console.WriteLine($"{output}: {target.Seeds[s].FileName}: {mutant.Description}");
    return 0;
}
string which = args.Length > 0 ? args[0] : "all";
int cases = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
ulong seed = args.Length > 2 ? ulong.Parse(args[2], CultureInfo.InvariantCulture) : 1;
double limit = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1.0;
var names = which == "all" ? targets.Keys.ToList() : which.Split(',').ToList();
if (names.FirstOrDefault(n => !targets.ContainsKey(n)) is { } unknown)
{
    Console.Error.WriteLine($"unknown format {unknown}; formats: {string.Join(", ", targets.Keys)}, all");
    return 2;
}

Console.WriteLine($"Remask reader fuzz bench: {cases} cases per format, seed {seed}, limit {limit} s per probe, {MachineState.Cores} cores, " +
    $"{MachineState.Framework}, load average {MachineState.LoadAverageText()}");
var runner = new FuzzRunner { TimeLimit = TimeSpan.FromSeconds(limit), HangGuard = TimeSpan.FromSeconds(60), MeasurePeakRss = true };
bool failed = false;
foreach (string name in names)
{
    string folder = Path.Combine(Path.GetTempPath(), $"remask-fuzz-{name}-{Environment.ProcessId}");
    try
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("REMASK_FUZZ_FIRST"), CultureInfo.InvariantCulture, out int f) ? f : 0;
        using var trace = Environment.GetEnvironmentVariable("REMASK_FUZZ_TRACE") is { Length: > 0 } t ? new StreamWriter(t) { AutoFlush = true } : null;
        var report = runner.Run(targets[name](), cases, seed, folder, first, i => trace?.WriteLine($"{name} {i}"));
        Console.Write(report);
        if (Environment.GetEnvironmentVariable("REMASK_FUZZ_CHANGED") == "1")
            foreach (string c in report.ChangedExamples) Console.WriteLine($"  read changed: {c}");
        failed |= report.FailedCases > 0;
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}
if (Directory.Exists(SeedFolder())) Directory.Delete(SeedFolder(), recursive: true);
Console.WriteLine($"load average after: {MachineState.LoadAverageText()}");
return failed ? 1 : 0;
