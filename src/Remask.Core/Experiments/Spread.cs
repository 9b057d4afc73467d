namespace Remask.Core.Experiments;

/// <summary>Mean, minimum and maximum of a value over an experiment's seeds.</summary>
public sealed record Spread(double Mean, double Min, double Max, int Count)
{
    /// <summary>The spread of <paramref name="values"/>; null when there are none.</summary>
    public static Spread? Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 ? null : new Spread(v.Average(), v.Min(), v.Max(), v.Length);
    }

    /// <summary>The mean of the non-null values, or null when all are null.</summary>
    public static double? MeanOf(IEnumerable<double?> values)
    {
        var v = values.OfType<double>().ToArray();
        return v.Length == 0 ? null : v.Average();
    }
}
