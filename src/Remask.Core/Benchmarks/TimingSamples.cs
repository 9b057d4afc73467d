namespace Remask.Core.Benchmarks;

/// <summary>
/// The wall-clock times of one measured operation, in milliseconds per call, one per repetition (warm-up calls
/// excluded), with the summary the speed tables report: median, minimum and maximum.
/// </summary>
internal sealed class TimingSamples
{
    private readonly double[] _sorted;

    /// <param name="milliseconds">One time per repetition, at least one.</param>
    public TimingSamples(IEnumerable<double> milliseconds)
    {
        _sorted = milliseconds.Order().ToArray();
        if (_sorted.Length == 0) throw new ArgumentException("no repetitions", nameof(milliseconds));
    }

    public int Repetitions => _sorted.Length;

    /// <summary>The median (for an even count, the upper of the two middle values, as the bench programs print it).</summary>
    public double MedianMs => _sorted[_sorted.Length / 2];

    public double MinMs => _sorted[0];

    public double MaxMs => _sorted[^1];

    /// <summary>Items per second at the median time, for a call that handles <paramref name="itemsPerCall"/> items;
    /// the slowest call gives the minimum rate and the fastest the maximum.</summary>
    public (double Median, double Min, double Max) Rate(int itemsPerCall) =>
        (itemsPerCall * 1000 / MedianMs, itemsPerCall * 1000 / MaxMs, itemsPerCall * 1000 / MinMs);
}
