using System.Diagnostics;
using Remask.Core;
using Remask.Core.Noise;

namespace Remask.Fuzzing;

/// <summary>
/// Runs the cases of a target and judges every probe of every case (<see cref="FuzzOutcome"/>). Case i of a run with seed
/// S is the same on every machine: its seed file and mutation come from <c>NoiseRandom.For(SeedFor(S, target), i)</c>.
/// </summary>
/// <remarks>
/// Each probe runs on a worker thread (<see cref="ProbeWorker"/>), so that a hang is caught: past <see cref="HangGuard"/>
/// the case fails and the run stops (the thread cannot be stopped). <see cref="TimeLimit"/>, when set, fails slower cases (the bench's 1 s; the
/// unit tests set none, a loaded machine must not fail them). A case fails when the probe's thread allocates more
/// managed memory than <see cref="Budget"/> allows given what reading the unmutated seed allocated, or, with
/// <see cref="MeasurePeakRss"/>, when the process's peak resident memory grows by more than that (native allocations:
/// libjpeg-turbo, stb_image, libtorch); that measure is for one case at a time, not for parallel test runs.
/// </remarks>
public sealed class FuzzRunner
{
    public TimeSpan? TimeLimit { get; init; }

    public TimeSpan HangGuard { get; init; } = TimeSpan.FromSeconds(20);

    public bool MeasurePeakRss { get; init; }

    /// <summary>The bytes a case may allocate, given what the unmutated seed's read allocated: a header that claims more
    /// than the file holds must be refused before its size is allocated. Default: 64 MiB + 16 x the seed's read. A mutant
    /// larger than its seed gets a budget larger in proportion.</summary>
    public Func<long, long> Budget { get; init; } = original => (64L << 20) + 16 * original;

    /// <summary>Cases per format in the normal test run (bench/FuzzBench runs 10,000).</summary>
    public const int UnitTestCases = 300;

    /// <summary>
    /// The unit tests' run: <paramref name="cases"/> cases in a temporary folder (deleted after), no time limit (a loaded
    /// machine must not fail a test; the 1 s limit is the bench's) and a hang guard of 30 s per probe. The report goes to
    /// <paramref name="log"/>; a failed case, a run cut short or a run in which no mutant was refused (mutations that reach
    /// nothing) throws <see cref="FuzzFailedException"/> with the report.
    /// </summary>
    public static FuzzReport RunUnitTest(FuzzTarget target, Action<string> log, int cases = UnitTestCases, ulong seed = 12)
    {
        ArgumentNullException.ThrowIfNull(log);
        string folder = Path.Combine(Path.GetTempPath(), "remask-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        FuzzReport report;
        try
        {
            report = new FuzzRunner { HangGuard = TimeSpan.FromSeconds(30) }.Run(target, cases, seed, folder);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        log(report.ToString());
        if (report.FailedCases > 0 || report.Cases != cases || report.Count(0, FuzzOutcome.Refused) == 0)
            throw new FuzzFailedException(report.ToString());
        return report;
    }

    /// <param name="first">The first case to run (to rerun the cases around a crash).</param>
    /// <param name="starting">Called before each case with its index (a bench traces them, so that a case that takes the
    /// process down can be found).</param>
    public FuzzReport Run(FuzzTarget target, int cases, ulong seed, string folder, int first = 0, Action<int>? starting = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        Directory.CreateDirectory(folder);
        var originals = Originals(target, folder);
        var report = new FuzzReport(target.Name, target.Probes.Select(p => p.Name).ToList());
        var wall = Stopwatch.StartNew();
        using var worker = new ProbeWorker($"fuzz {target.Name}");
        for (int i = first; i < first + cases; i++)
        {
            starting?.Invoke(i);
            var (s, mutant) = Case(target, seed, i);
            FuzzSeed fuzzSeed = target.Seeds[s];
            string path = target.Place(folder, fuzzSeed, mutant.Bytes);
            var results = new ProbeResult[target.Probes.Count];
            bool hung = false;
            for (int p = 0; p < target.Probes.Count && !hung; p++)
            {
                var (fingerprint, allocated) = originals[s][p];
                // a file made larger may cost proportionally more (a list of 1,000 entries instead of 2)
                double larger = Math.Max(1.0, (double)mutant.Bytes.Length / Math.Max(1, fuzzSeed.Bytes.Length));
                long budget = (long)Math.Min(long.MaxValue / 2.0, Budget(allocated) * larger);
                results[p] = Judge(worker, target, target.Probes[p], path, mutant, fingerprint, budget, out hung);
            }
            report.Add(i, fuzzSeed.FileName, mutant, results);
            if (hung) break;   // the hung probe's thread still runs: later timings would mean nothing
        }
        report.Wall = wall.Elapsed;
        return report;
    }

    /// <summary>Case <paramref name="index"/> of a run with <paramref name="seed"/>: the index of its seed file and the
    /// mutant (to rebuild a failed case by hand, or write it as a regression test).</summary>
    public static (int Seed, Mutant Mutant) Case(FuzzTarget target, ulong seed, int index)
    {
        ArgumentNullException.ThrowIfNull(target);
        var random = NoiseRandom.For(NoiseRandom.SeedFor(seed, target.Name), (ulong)index);
        int s = random.NextInt(target.Seeds.Count);
        return (s, target.Mutate(target.Seeds[s].Bytes, random));
    }

    /// <summary>The fingerprint and managed allocation of every probe on every unmutated seed (a seed that does not read
    /// is a broken fixture: an exception).</summary>
    private static (string Fingerprint, long Allocated)[][] Originals(FuzzTarget target, string folder)
    {
        var all = new (string, long)[target.Seeds.Count][];
        for (int s = 0; s < target.Seeds.Count; s++)
        {
            FuzzSeed seed = target.Seeds[s];
            all[s] = new (string, long)[target.Probes.Count];
            for (int p = 0; p < target.Probes.Count; p++)
            {
                string path = target.Place(folder, seed, seed.Bytes);
                FuzzProbe probe = target.Probes[p];
                probe.Read(path);   // the first read pays for JIT compilation and static tables
                long before = GC.GetAllocatedBytesForCurrentThread();
                string fingerprint;
                try { fingerprint = probe.Read(path); }
                catch (Exception e) { throw new InvalidOperationException($"{target.Name}: seed {seed.FileName} does not read with {probe.Name}: {e.Message}", e); }
                all[s][p] = (fingerprint, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }
        return all;
    }

    private ProbeResult Judge(ProbeWorker worker, FuzzTarget target, FuzzProbe probe, string path, Mutant mutant, string original, long budget, out bool hung)
    {
        ProbeRun? run = null;
        hung = !worker.Run(() => run = ProbeRun.Of(probe, path, MeasurePeakRss), HangGuard);
        if (hung) return new ProbeResult(FuzzOutcome.Failed, $"hang: still running after {HangGuard.TotalSeconds:F0} s", HangGuard, 0, null);
        ProbeRun r = run!;
        var (outcome, failure) = Classify(target, probe, path, mutant, original, r);
        if (TimeLimit is { } limit && r.Elapsed > limit)
            (outcome, failure) = (FuzzOutcome.Failed, $"took {r.Elapsed.TotalSeconds:F2} s (limit {limit.TotalSeconds:F1} s; {Describe(outcome, failure)})");
        else if (r.Allocated > budget)
            (outcome, failure) = (FuzzOutcome.Failed, $"allocated {r.Allocated / 1048576.0:F1} MiB (budget {budget / 1048576.0:F1} MiB; {Describe(outcome, failure)})");
        else if (r.PeakRssGrowth > budget)
            (outcome, failure) = (FuzzOutcome.Failed, $"peak resident memory grew {r.PeakRssGrowth / 1048576.0:F1} MiB (budget {budget / 1048576.0:F1} MiB; {Describe(outcome, failure)})");
        return new ProbeResult(outcome, failure, r.Elapsed, r.Allocated, r.PeakRssGrowth);
    }

    private static (FuzzOutcome, string?) Classify(FuzzTarget target, FuzzProbe probe, string path, Mutant mutant, string original, ProbeRun r)
    {
        switch (r.Error)
        {
            case null when r.Fingerprint == original:
                return (FuzzOutcome.ReadSame, null);
            case null when target.Checksummed && !mutant.ChecksumsKept && !probe.Partial:
                return (FuzzOutcome.Failed, "read other data although the mutation broke the checksums");
            case null:
                return (FuzzOutcome.ReadChanged, null);
            case RemaskDataException e when e.Message.Contains('\n') || e.Message.Contains('\r'):
                return (FuzzOutcome.Failed, $"the error spans lines: {OneLine(e.Message)}");
            case RemaskDataException e when !target.NamesFile(e.Message, path):
                return (FuzzOutcome.Failed, $"the error does not name the file: {e.Message}");
            case RemaskDataException:
                return (FuzzOutcome.Refused, null);
            case InvalidReadException e:
                return (FuzzOutcome.Failed, $"invalid data: {e.Message}");
            default:
                return (FuzzOutcome.Failed, $"{r.Error.GetType().Name}: {OneLine(r.Error.Message)}");
        }
    }

    private static string Describe(FuzzOutcome outcome, string? failure) => failure ?? outcome.ToString().ToLowerInvariant();

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>One probe call on the calling thread: what it returned or threw, its time and its allocations.</summary>
    private sealed record ProbeRun(string? Fingerprint, Exception? Error, TimeSpan Elapsed, long Allocated, long? PeakRssGrowth)
    {
        public static ProbeRun Of(FuzzProbe probe, string path, bool measureRss)
        {
            long? rssBefore = measureRss ? PeakMemory.Reset() : null;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            string? fingerprint = null;
            Exception? error = null;
            try { fingerprint = probe.Read(path); }
            catch (Exception e) { error = e; }
            watch.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long? growth = rssBefore is long b && PeakMemory.Peak() is long after ? after - b : null;
            return new ProbeRun(fingerprint, error, watch.Elapsed, allocated, growth);
        }
    }
}
