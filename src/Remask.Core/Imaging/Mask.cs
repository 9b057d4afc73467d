namespace Remask.Core.Imaging;

/// <summary>
/// A binary segmentation mask: <see cref="Width"/> x <see cref="Height"/> pixels, row-major,
/// each 0 (background) or 1 (foreground). Immutable once built: every operation returns a new mask.
/// </summary>
public sealed class Mask : IEquatable<Mask>
{
    private readonly byte[] _data;

    /// <summary>Pixels per row.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Pixels, row-major, index y * Width + x, each 0 or 1.</summary>
    public ReadOnlySpan<byte> Pixels => _data;

    /// <summary>The number of pixels, <see cref="Width"/> * <see cref="Height"/>.</summary>
    public int Length => _data.Length;

    /// <summary>Wraps <paramref name="data"/> (not copied: the caller hands it over). Values must be 0 or 1.</summary>
    public Mask(int width, int height, byte[] data)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"mask size {width}x{height} must be positive");
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)width * height) throw new ArgumentException($"mask data has {data.Length} values, {width}x{height} needs {(long)width * height}", nameof(data));
        foreach (byte b in data)
            if (b > 1) throw new ArgumentException($"mask values must be 0 or 1, found {b}", nameof(data));
        Width = width;
        Height = height;
        _data = data;
    }

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> mask that is all background.</summary>
    public static Mask Empty(int width, int height) => new(width, height, new byte[checked(width * height)]);

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> mask that is all foreground.</summary>
    public static Mask Full(int width, int height)
    {
        var data = new byte[checked(width * height)];
        Array.Fill(data, (byte)1);
        return new Mask(width, height, data);
    }

    /// <summary>Builds a mask from a predicate on (x, y).</summary>
    public static Mask FromFunction(int width, int height, Func<int, int, bool> isForeground)
    {
        var data = new byte[checked(width * height)];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                data[y * width + x] = isForeground(x, y) ? (byte)1 : (byte)0;
        return new Mask(width, height, data);
    }

    /// <summary>True when the pixel at column <paramref name="x"/>, row <paramref name="y"/> is foreground.</summary>
    public bool this[int x, int y] => _data[y * Width + x] != 0;

    /// <summary>The number of foreground pixels: |A| in Dice = 2|A∩B| / (|A| + |B|).</summary>
    public int CountForeground()
    {
        int n = 0;
        foreach (byte b in _data) n += b;
        return n;
    }

    /// <summary>True when no pixel is foreground.</summary>
    public bool IsEmpty => CountForeground() == 0;

    /// <summary>Foreground pixels over all pixels, in [0, 1].</summary>
    public double ForegroundShare => (double)CountForeground() / _data.Length;

    /// <summary>A copy of the pixels that the caller may change.</summary>
    public byte[] ToArray() => (byte[])_data.Clone();

    /// <summary>True when <paramref name="other"/> has the same width and height.</summary>
    public bool SameSize(Mask other) => Width == other.Width && Height == other.Height;

    /// <summary>True when <paramref name="other"/> has the same size and the same pixels.</summary>
    public bool Equals(Mask? other) =>
        other is not null && SameSize(other) && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Mask m && Equals(m);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Width);
        h.Add(Height);
        h.AddBytes(_data);
        return h.ToHashCode();
    }

    /// <inheritdoc/>
    /// <remarks>"Mask WxH, N foreground", for messages.</remarks>
    public override string ToString() => $"Mask {Width}x{Height}, {CountForeground()} foreground";
}
