using System.Diagnostics;

namespace Remask.Bench;

/// <summary>Wall-clock timing of a small operation: warm-up runs, then timed repetitions, reported as median and spread.</summary>
internal static class Timing
{
    public sealed record Result(string Name, int Repetitions, double MedianMs, double P10Ms, double P90Ms);

    /// <summary>Runs <paramref name="action"/> until about <paramref name="warmupSeconds"/> have passed, then
    /// times single calls for about <paramref name="seconds"/> (at least <paramref name="minRepetitions"/>).</summary>
    public static Result Measure(string name, Action action, double warmupSeconds = 0.5, double seconds = 2, int minRepetitions = 20)
    {
        var clock = Stopwatch.StartNew();
        // Enough calls for tiered compilation to reach optimised code, even on a busy machine.
        for (int n = 0; clock.Elapsed.TotalSeconds < warmupSeconds || n < 40; n++) action();
        var samples = new List<double>();
        clock.Restart();
        while (clock.Elapsed.TotalSeconds < seconds || samples.Count < minRepetitions)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        double At(double q) => samples[(int)Math.Round(q * (samples.Count - 1))];
        return new Result(name, samples.Count, At(0.5), At(0.1), At(0.9));
    }

    /// <summary>Prints the results as a Markdown table with each target's verdict; true when every target is met.</summary>
    public static bool PrintTable(IEnumerable<(Result Result, double? TargetMs)> results)
    {
        Console.WriteLine("| operation | median ms | p10-p90 ms | runs | target |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        bool allMet = true;
        foreach (var (r, target) in results)
        {
            string verdict = target is null ? "" : r.MedianMs < target ? $"< {target} ms: met" : $"< {target} ms: MISSED";
            if (target is not null && r.MedianMs >= target) allMet = false;
            Console.WriteLine($"| {r.Name} | {r.MedianMs:F3} | {r.P10Ms:F3}-{r.P90Ms:F3} | {r.Repetitions} | {verdict} |");
        }
        return allMet;
    }
}
