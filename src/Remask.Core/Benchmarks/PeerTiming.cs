using System.Diagnostics;

namespace Remask.Core.Benchmarks;

/// <summary>
/// Times operations that are to be compared with each other ("peers"): each round calls every case once, in turn,
/// so that load from other processes, which comes and goes, hits all cases alike and a ratio of two cases taken
/// per round is fair. The first <c>warmup</c> rounds are not recorded (JIT tiering, allocator and thread-pool start-up).
/// </summary>
internal static class PeerTiming
{
    /// <summary>One operation to time: a name and the call.</summary>
    public sealed record Case(string Name, Action Run);

    /// <summary>
    /// Runs <paramref name="warmup"/> + <paramref name="repetitions"/> rounds over <paramref name="cases"/> and
    /// returns each case's times of the recorded rounds, in the order of <paramref name="cases"/>.
    /// </summary>
    /// <param name="cases">The peers, at least one.</param>
    /// <param name="warmup">Unrecorded rounds first, 0 or more.</param>
    /// <param name="repetitions">Recorded rounds, at least 1.</param>
    /// <param name="progress">Reports (rounds done, rounds in all) after each round, warm-up included.</param>
    /// <param name="cancellation">Checked before every call; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public static IReadOnlyList<TimingSamples> Alternate(IReadOnlyList<Case> cases, int warmup, int repetitions,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cases.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        var times = cases.Select(_ => new List<double>(repetitions)).ToArray();
        int rounds = warmup + repetitions;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < cases.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                cases[i].Run();
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (r >= warmup) times[i].Add(ms);
            }
            progress?.Report((r + 1, rounds));
        }
        return times.Select(t => new TimingSamples(t)).ToArray();
    }
}
