using System.Globalization;

namespace Remask.Core.Relabeling.EpochRules;

/// <summary>The condition of a rule met at an epoch: the epoch it points at and why.</summary>
internal readonly record struct Trigger(int PickedEpoch, string Reason);

/// <summary>"Fire at the first epoch whose history meets the condition", shared by the rules.</summary>
internal static class EpochRuleScan
{
    /// <summary>
    /// Tests the prefixes of length 1..t in order with <paramref name="test"/> (null: not met; it may read only
    /// series[0 .. length − 1]); fires when the first one met is t itself.
    /// </summary>
    public static EpochDecision Decide(IReadOnlyList<double> series, Func<int, Trigger?> test, string waiting)
    {
        int t = series.Count;
        if (t == 0) throw new ArgumentException("an epoch rule needs at least one epoch of history");
        for (int length = 1; length <= t; length++)
        {
            if (test(length) is not { } trigger) continue;
            return length == t
                ? new EpochDecision(true, t, trigger.PickedEpoch, trigger.Reason)
                : new EpochDecision(false, t, trigger.PickedEpoch, Invariant($"already fired at epoch {length}: {trigger.Reason}"));
        }
        return new EpochDecision(false, t, null, waiting);
    }

    /// <summary>Throws unless every value is finite.</summary>
    public static void CheckFinite(IReadOnlyList<double> series, string what)
    {
        for (int i = 0; i < series.Count; i++)
            if (!double.IsFinite(series[i])) throw new ArgumentException(Invariant($"{what} at epoch {i + 1} is {series[i]}, not a finite number"));
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
