namespace Remask.Core.Imaging;

/// <summary>
/// Which stored label values count as foreground. The default, <see cref="AnyPositive"/>, reads 0/1,
/// 0/255 and label maps alike (value &gt; 0); <see cref="Labels"/> picks given label values
/// (the command-line option <c>--foreground 1,2</c>).
/// </summary>
public sealed class ForegroundRule
{
    private readonly HashSet<long>? _labels;

    private ForegroundRule(HashSet<long>? labels) => _labels = labels;

    /// <summary>
    /// The default: every value &gt; 0 is foreground (0/1 and 0/255 masks, and every label of a label map).
    /// </summary>
    public static ForegroundRule AnyPositive { get; } = new(null);

    /// <summary>
    /// Exactly the given label values are foreground (<c>--foreground 1,2</c>); everything else is background.
    /// </summary>
    /// <exception cref="RemaskUsageException"><paramref name="labels"/> is empty.</exception>
    public static ForegroundRule Labels(IEnumerable<long> labels)
    {
        var set = new HashSet<long>(labels);
        if (set.Count == 0) throw new RemaskUsageException("--foreground needs at least one label value");
        return new ForegroundRule(set);
    }

    /// <summary>Parses "1,2" (or null/empty for the default).</summary>
    public static ForegroundRule Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return AnyPositive;
        var labels = new List<long>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long v))
                throw new RemaskUsageException($"--foreground: '{part}' is not an integer label value");
            labels.Add(v);
        }
        return Labels(labels);
    }

    /// <summary>True when the stored label <paramref name="value"/> counts as foreground under this rule.</summary>
    public bool IsForeground(long value) => _labels is null ? value > 0 : _labels.Contains(value);

    /// <summary>For real-valued labels (NIfTI float volumes): rounded to the nearest integer when labels are picked.</summary>
    public bool IsForeground(double value) => _labels is null ? value > 0 : _labels.Contains((long)Math.Round(value));

    /// <inheritdoc/>
    /// <remarks>
    /// "value &gt; 0" or "label in {1,2}": the rule as messages and <see cref="Datasets.DerivedMaskStamp"/> write it.
    /// </remarks>
    public override string ToString() => _labels is null ? "value > 0" : "label in {" + string.Join(",", _labels.Order()) + "}";
}
