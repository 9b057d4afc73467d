namespace Remask.Core.Formats;

/// <summary>One slice of a volume laid out for display (see <see cref="SliceOrientation"/>): row-major values,
/// unchanged (after the file's scaling). Immutable.</summary>
public sealed class DisplaySlice
{
    private readonly float[] _values;

    public int Width { get; }
    public int Height { get; }

    /// <summary>Values, index y * Width + x (y = row, from the top).</summary>
    public ReadOnlySpan<float> Values => _values;

    internal DisplaySlice(int width, int height, float[] values)
    {
        Width = width;
        Height = height;
        _values = values;
    }

    public float this[int x, int y] => _values[y * Width + x];

    public float[] ToArray() => (float[])_values.Clone();
}
