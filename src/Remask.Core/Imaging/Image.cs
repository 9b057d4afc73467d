namespace Remask.Core.Imaging;

/// <summary>
/// An image as the network sees it: <see cref="Channels"/> planes of <see cref="Width"/> x <see cref="Height"/>
/// float samples, planar (channel, row, column) like a torch CHW tensor, values normally in [0, 1].
/// Immutable once built.
/// </summary>
public sealed class Image
{
    private readonly float[] _data;

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }

    /// <summary>Samples, index (c * Height + y) * Width + x.</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>Wraps <paramref name="data"/> (not copied: the caller hands it over).</summary>
    public Image(int width, int height, int channels, float[] data)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), "an image needs at least one channel");
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)width * height * channels)
            throw new ArgumentException($"image data has {data.Length} values, {channels}x{width}x{height} needs {(long)width * height * channels}", nameof(data));
        Width = width;
        Height = height;
        Channels = channels;
        _data = data;
    }

    public float this[int c, int x, int y] => _data[(c * Height + y) * Width + x];

    public ReadOnlySpan<float> Plane(int c) => _data.AsSpan(c * Width * Height, Width * Height);

    /// <summary>The values of pixel <paramref name="index"/> (row-major, y · width + x) in every channel, into
    /// <paramref name="pixel"/> (length <see cref="Channels"/>): pixel[c] = Data[c · width · height + index].</summary>
    public void ReadPixel(int index, Span<double> pixel)
    {
        int plane = Width * Height;
        for (int c = 0; c < Channels; c++) pixel[c] = _data[c * plane + index];
    }

    public float[] ToArray() => (float[])_data.Clone();

    public override string ToString() => $"Image {Width}x{Height}x{Channels}";
}
