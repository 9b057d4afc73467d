using System.Globalization;

namespace Remask.KillTesting;

/// <summary>One killed run: where each kill landed, the resumes it took, and whether its final weights are the reference's.</summary>
/// <param name="Index">The run's number (0-based).</param>
/// <param name="Kills">Where each SIGKILL landed, in order (what the folder showed after it), with the moment in seconds.</param>
/// <param name="Problem">Null when every check passed; otherwise the first that failed.</param>
public sealed record KilledRun(int Index, IReadOnlyList<string> Kills, string? Problem)
{
    public bool Passed => Problem is null;
}

/// <summary>
/// The kill -9 harness (docs/reliability.md, item 2). Trains an uninterrupted reference run, then, run after run: starts
/// the same <c>remask train</c> in a fresh folder, sends it SIGKILL at a random moment of the reference's wall time
/// (seeded), checks that every checkpoint in the folder is absent or complete and readable, and resumes it with
/// <c>remask train --resume RUN</c> (itself killed at a random moment in half the runs, then resumed again) until it
/// finishes; the final model.pt and checkpoint (model.pt, optimizer.pt) must hold the reference's bytes, entry by entry,
/// and the folder the same files. A run killed before run.json exists has nothing to resume: it is started again with
/// the original command.
/// </summary>
/// <param name="RemaskDll">The built remask.dll.</param>
/// <param name="Work">A folder for the runs (reference/, kill-N/).</param>
/// <param name="TrainArguments">The arguments of <c>remask train</c> after <c>--out RUN</c> (data, options).</param>
public sealed record KillHarness(string RemaskDll, string Work, IReadOnlyList<string> TrainArguments)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Seconds the reference run took (set by <see cref="TrainReference"/>).</summary>
    public double ReferenceSeconds { get; private set; }

    public string ReferenceFolder => Path.Combine(Work, "reference");

    /// <summary>Trains the uninterrupted run that every killed run must reach.</summary>
    public void TrainReference()
    {
        var (code, err, seconds) = RemaskProcess.Run(RemaskDll, ["train", "--out", ReferenceFolder, .. TrainArguments], Timeout);
        if (code != 0) throw new InvalidOperationException($"the reference run failed (exit {code}): {err}");
        ReferenceSeconds = seconds;
    }

    /// <summary>Runs <see cref="Run"/> for runs 0, 1, ... until <paramref name="kills"/> kills have landed; calls
    /// <paramref name="each"/> after every run. The folders of runs that passed are deleted.</summary>
    public IReadOnlyList<KilledRun> Runs(int kills, int seed, Action<KilledRun>? each = null)
    {
        var runs = new List<KilledRun>();
        for (int i = 0; runs.Sum(r => r.Kills.Count) < kills; i++)
        {
            var r = Run(i, seed);
            runs.Add(r);
            each?.Invoke(r);
            if (r.Passed) Directory.Delete(Path.Combine(Work, $"kill-{i}"), recursive: true);
            if (r.Kills.Count == 0) break;   // the runs end before any moment of the reference's time: nothing to kill
        }
        return runs;
    }

    /// <summary>Kills, resumes and checks run <paramref name="index"/>; its moments come from (<paramref name="seed"/>,
    /// <paramref name="index"/>). Kills that come after the process ended are not counted, and another moment is drawn
    /// (up to 8 times), within the time that attempt took: on a shared machine a run can be much faster than the
    /// reference was.</summary>
    public KilledRun Run(int index, int seed)
    {
        var random = new Random(seed * 10_007 + index);
        string run = Path.Combine(Work, $"kill-{index}");
        if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        var kills = new List<string>();
        string[] start = ["train", "--out", run, .. TrainArguments];
        bool killResume = random.Next(2) == 1;
        double window = ReferenceSeconds;
        for (int attempt = 0; kills.Count == 0 && attempt < 8; attempt++)
        {
            if (attempt > 0) Directory.Delete(run, recursive: true);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (KillOnce(start, random.NextDouble() * window, run, kills) is { } failed) return new KilledRun(index, kills, failed);
            window = Math.Min(window, clock.Elapsed.TotalSeconds);   // it ended before its moment: draw within its own time
        }
        if (kills.Count == 0) return new KilledRun(index, kills, "every kill came after the run had ended");
        for (int resume = 0; ; resume++)
        {
            string[] args = File.Exists(Path.Combine(run, "run.json")) ? ["train", "--resume", run] : start;
            if (killResume && resume == 0)
            {
                int before = kills.Count;
                if (KillOnce(args, random.NextDouble() * ReferenceSeconds, run, kills) is { } failed) return new KilledRun(index, kills, failed);
                if (kills.Count > before) continue;   // killed again: resume once more
                return new KilledRun(index, kills, Compare(run));   // the resume ended before its kill
            }
            if (resume > 3) return new KilledRun(index, kills, "did not finish after 3 resumes");
            var (code, err, _) = RemaskProcess.Run(RemaskDll, args, Timeout);
            if (code != 0) return new KilledRun(index, kills, $"remask {string.Join(' ', args[..2])} failed (exit {code}): {err.Trim()}");
            return new KilledRun(index, kills, Compare(run));
        }
    }

    /// <summary>Starts <paramref name="args"/>, kills it after <paramref name="seconds"/> and checks the checkpoints; adds
    /// where the kill landed to <paramref name="kills"/> (nothing when the process ended first, which must then have
    /// succeeded). A problem, or null.</summary>
    private string? KillOnce(string[] args, double seconds, string run, List<string> kills)
    {
        using var process = new RemaskProcess(RemaskDll, args);
        if (!process.KillAfter(TimeSpan.FromSeconds(seconds)))
        {
            int code = process.Wait(Timeout);
            return code == 0 ? null : $"remask {string.Join(' ', args[..2])} failed before its kill (exit {code}): {process.Err.Trim()}";
        }
        kills.Add(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s: {RunFolderProbe.WhereKilled(run)}"));
        return RunFolderProbe.CheckpointProblem(run);
    }

    /// <summary>Null when the finished run matches the reference: model.pt and the checkpoint's model.pt and optimizer.pt
    /// hold the same bytes, entry by entry, and the folder holds the same files (lock files aside: a temporary file
    /// that a killed write left counts as left over).</summary>
    public string? Compare(string run)
    {
        foreach (string file in (string[])["model.pt", "checkpoint/model.pt", "checkpoint/optimizer.pt"])
            if (WeightFiles.Difference(Path.Combine(ReferenceFolder, file), Path.Combine(run, file)) is { } difference)
                return $"{file}: {difference}";
        var expected = Files(ReferenceFolder);
        var actual = Files(run);
        if (expected.Except(actual).FirstOrDefault() is { } missing) return $"{missing} is missing (the reference has it)";
        if (actual.Except(expected).FirstOrDefault() is { } extra) return $"{extra} is left over (the reference does not have it)";
        return null;
    }

    private static HashSet<string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => Path.GetFileName(f) != ".remask.lock").ToHashSet(StringComparer.Ordinal);
}
