namespace Remask.Core.Formats;

/// <summary>One slice of a volume laid out for display (see <see cref="SliceOrientation"/>): row-major values,
/// unchanged (after the file's scaling). Immutable.</summary>
public sealed class DisplaySlice
{
    private readonly float[] _values;

    /// <summary>
    /// Pixels per row: the size of the voxel axis that runs along the columns (<see cref="SliceOrientation.Width"/>).
    /// </summary>
    public int Width { get; }
    /// <summary>
    /// Rows: the size of the voxel axis that runs down the rows (<see cref="SliceOrientation.Height"/>).
    /// </summary>
    public int Height { get; }

    /// <summary>Values, index y * Width + x (y = row, from the top).</summary>
    public ReadOnlySpan<float> Values => _values;

    internal DisplaySlice(int width, int height, float[] values)
    {
        Width = width;
        Height = height;
        _values = values;
    }

    /// <summary>
    /// The value at column <paramref name="x"/> (from the left) and row <paramref name="y"/> (from the top).
    /// </summary>
    public float this[int x, int y] => _values[y * Width + x];

    /// <summary>A copy of <see cref="Values"/> (row-major) that the caller may change.</summary>
    public float[] ToArray() => (float[])_values.Clone();
}
