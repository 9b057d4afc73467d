using System.Globalization;

namespace Remask.Core.Formats;

/// <summary>
/// A CT display window: value v (Hounsfield units) maps to clamp((v - (Level - Width / 2)) / Width, 0, 1), so
/// Level - Width / 2 and below is black (0) and Level + Width / 2 and above is white (1). NaN maps to 0.
/// The default, level 40 HU and width 400 HU, is the usual abdominal soft-tissue window (-160 .. 240 HU).
/// </summary>
public sealed class CtWindow
{
    /// <summary>The window's centre in Hounsfield units: the value that maps to 0.5.</summary>
    public double Level { get; }
    /// <summary>The window's width in Hounsfield units (&gt; 0): the range of values that maps onto [0, 1].</summary>
    public double Width { get; }

    /// <param name="level">The centre in HU; finite.</param>
    /// <param name="width">The width in HU; finite and positive.</param>
    /// <exception cref="RemaskUsageException">A level or width that is not finite, or a width not above 0.</exception>
    public CtWindow(double level, double width)
    {
        if (!double.IsFinite(level)) throw new RemaskUsageException($"CT window level must be a finite number, got {level.ToString(CultureInfo.InvariantCulture)}");
        if (!double.IsFinite(width) || width <= 0) throw new RemaskUsageException($"CT window width must be positive, got {width.ToString(CultureInfo.InvariantCulture)}");
        Level = level;
        Width = width;
    }

    /// <summary>Level 40 HU, width 400 HU: the abdominal soft-tissue window, -160 .. 240 HU.</summary>
    public static CtWindow Default { get; } = new(40, 400);

    /// <summary>The value that maps to 0.</summary>
    public double Lower => Level - Width / 2;

    /// <summary>The value that maps to 1.</summary>
    public double Upper => Level + Width / 2;

    /// <summary>
    /// <paramref name="value"/> (HU) mapped into [0, 1]:
    /// clamp((value - <see cref="Lower"/>) / <see cref="Width"/>, 0, 1); NaN maps to 0.
    /// </summary>
    public float Apply(float value)
    {
        double t = (value - Lower) / Width;
        return t > 0 ? (t < 1 ? (float)t : 1f) : 0f; // NaN fails "t > 0" and becomes 0
    }

    /// <summary>
    /// <see cref="Apply(float)"/> of each of <paramref name="values"/> into the same index of <paramref name="dest"/>,
    /// which must be at least as long.
    /// </summary>
    public void Apply(ReadOnlySpan<float> values, Span<float> dest)
    {
        if (dest.Length < values.Length) throw new ArgumentException("destination is shorter than the values", nameof(dest));
        for (int i = 0; i < values.Length; i++) dest[i] = Apply(values[i]);
    }

    /// <inheritdoc/>
    /// <remarks>"level 40 width 400" (invariant culture).</remarks>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"level {Level} width {Width}");
}
