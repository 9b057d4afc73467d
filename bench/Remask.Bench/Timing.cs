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
}
