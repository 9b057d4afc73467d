using System.Globalization;
using System.Text;

namespace Remask.Fuzzing;

/// <summary>What a run of one target gave: outcomes per probe, the failures, and the slowest and largest cases.</summary>
public sealed class FuzzReport(string target, IReadOnlyList<string> probes)
{
    /// <summary>Failures kept in full; the rest are only counted.</summary>
    private const int KeptFailures = 50;

    private readonly int[,] _counts = new int[probes.Count, Enum.GetValues<FuzzOutcome>().Length];
    private readonly List<FuzzFailure> _failures = [];
    private readonly List<string> _changed = [];

    public string Target { get; } = target;
    public IReadOnlyList<string> Probes { get; } = probes;
    public int Cases { get; private set; }
    public int FailedCases { get; private set; }
    public IReadOnlyList<FuzzFailure> Failures => _failures;
    /// <summary>The first cases (up to 50) that the first probe read as other, valid data: to be looked at, since a file
    /// that reads differently after a mutation is either still a valid file or a check the reader lacks.</summary>
    public IReadOnlyList<string> ChangedExamples => _changed;
    public TimeSpan Wall { get; internal set; }
    /// <summary>The slowest single probe call, and which case it was.</summary>
    public (TimeSpan Elapsed, int Case) Slowest { get; private set; }
    public long MaxAllocatedBytes { get; private set; }
    public long? MaxPeakRssGrowthBytes { get; private set; }

    /// <summary>Cases of probe <paramref name="probe"/> that ended in <paramref name="outcome"/>.</summary>
    public int Count(int probe, FuzzOutcome outcome) => _counts[probe, (int)outcome];

    internal void Add(int index, string seedFile, Mutant mutant, ProbeResult?[] results)
    {
        Cases++;
        bool failed = false;
        for (int p = 0; p < results.Length; p++)
        {
            if (results[p] is not { } r) continue;
            _counts[p, (int)r.Outcome]++;
            if (p == 0 && r.Outcome == FuzzOutcome.ReadChanged && _changed.Count < KeptFailures) _changed.Add($"case {index} ({seedFile}: {mutant.Description})");
            if (r.Elapsed > Slowest.Elapsed) Slowest = (r.Elapsed, index);
            MaxAllocatedBytes = Math.Max(MaxAllocatedBytes, r.AllocatedBytes);
            if (r.PeakRssGrowthBytes is long g) MaxPeakRssGrowthBytes = Math.Max(MaxPeakRssGrowthBytes ?? 0, g);
            if (r.Outcome != FuzzOutcome.Failed) continue;
            failed = true;
            if (_failures.Count < KeptFailures) _failures.Add(new FuzzFailure(Target, index, seedFile, mutant.Description, Probes[p], r.Failure!));
        }
        if (failed) FailedCases++;
    }

    /// <summary>A few lines: the counts per probe, the extremes, then every kept failure.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"{Target}: {Cases} cases, {FailedCases} failed, {Wall.TotalSeconds:F1} s; slowest probe {Slowest.Elapsed.TotalMilliseconds:F1} ms (case {Slowest.Case}), ");
        text.Append(inv, $"most allocated {MaxAllocatedBytes / 1048576.0:F1} MiB");
        if (MaxPeakRssGrowthBytes is long g) text.Append(inv, $", largest peak-RSS growth {g / 1048576.0:F1} MiB");
        text.AppendLine();
        for (int p = 0; p < Probes.Count; p++)
            text.AppendLine(inv, $"  {Probes[p]}: refused {Count(p, FuzzOutcome.Refused)}, read same {Count(p, FuzzOutcome.ReadSame)}, read changed {Count(p, FuzzOutcome.ReadChanged)}, failed {Count(p, FuzzOutcome.Failed)}");
        foreach (var f in _failures) text.AppendLine(inv, $"  FAIL {f}");
        if (FailedCases > _failures.Count) text.AppendLine(inv, $"  ... failures after the first {KeptFailures} not listed");
        return text.ToString();
    }
}
