// The kill -9 harness's bench mode (docs/reliability.md, item 2): for each method, an uninterrupted reference run of
// `remask train` on a tiny synth-ct dataset, then runs killed with SIGKILL at seeded random moments and resumed until
// they finish, each compared with the reference byte for byte (KillHarness). Prints one line per run and the counts.
// Usage: dotnet bench/KillBench/bin/Release/net10.0/KillBench.dll [KILLS] [SEED] [none,relabel]
// Exit code 1 when any run failed.
using System.Globalization;
using System.Text.RegularExpressions;
using Remask.KillTesting;

int wanted = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
int seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
string[] methods = args.Length > 2 ? args[2].Split(',') : ["none", "relabel"];
string remask = Path.Combine(AppContext.BaseDirectory, "remask.dll");
string work = Path.Combine(Path.GetTempPath(), $"remask-kill-{Environment.ProcessId}");
string data = KillSetup.Synthesize(remask, work);
bool failed = false;
foreach (string method in methods)
{
    var harness = new KillHarness(remask, Path.Combine(work, method), KillSetup.TrainArguments(data, method));
    harness.TrainReference();
    Console.WriteLine($"--method {method}: reference {harness.ReferenceSeconds:0.0} s ({WeightFiles.TensorCount(Path.Combine(harness.ReferenceFolder, "model.pt"))} tensors in model.pt)");
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var runs = harness.Runs(wanted, seed, r =>
    {
        Console.WriteLine($"  run {r.Index}: {(r.Passed ? "identical" : "FAILED: " + r.Problem)}");
        foreach (string k in r.Kills) Console.WriteLine($"    killed at {k}");
    });
    int kills = runs.Sum(r => r.Kills.Count), passed = runs.Count(r => r.Passed);
    failed |= passed < runs.Count;
    // where the kills landed, numbers left out: "round-N fold-N epoch N (training)", "...; checkpoint write in progress"
    foreach (var g in runs.SelectMany(r => r.Kills).Select(k => Regex.Replace(k[(k.IndexOf(": ", StringComparison.Ordinal) + 2)..], "[0-9]+", "N"))
                 .GroupBy(k => k).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        Console.WriteLine($"  {g.Count(),3} x {g.Key}");
    Console.WriteLine($"--method {method}: {kills} kills in {runs.Count} runs, {passed} runs resumed to identical weights, {runs.Count - passed} failed ({clock.Elapsed.TotalSeconds:0} s)");
}
if (!failed) Directory.Delete(work, recursive: true);
else Console.WriteLine($"the failed runs' folders are kept under {work}");
return failed ? 1 : 0;
