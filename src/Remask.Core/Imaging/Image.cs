namespace Remask.Core.Imaging;

/// <summary>
/// An image as the network sees it: <see cref="Channels"/> planes of <see cref="Width"/> x <see cref="Height"/>
/// float samples, planar (channel, row, column) like a torch CHW tensor, values normally in [0, 1].
/// Immutable once built.
/// </summary>
public sealed class Image
{
    private readonly float[] _data;

    /// <summary>Pixels per row.</summary>
    public int Width { get; }
    /// <summary>Rows.</summary>
    public int Height { get; }
    /// <summary>Planes, at least 1: 1 for gray images and CT slices, 3 for colour images.</summary>
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

    /// <summary>
    /// The sample of channel <paramref name="c"/> at column <paramref name="x"/> and row <paramref name="y"/>, rows
    /// counted from the top.
    /// </summary>
    public float this[int c, int x, int y] => _data[(c * Height + y) * Width + x];

    /// <summary>Channel <paramref name="c"/>: <see cref="Width"/> * <see cref="Height"/> samples, row-major.</summary>
    public ReadOnlySpan<float> Plane(int c) => _data.AsSpan(c * Width * Height, Width * Height);

    /// <summary>The values of pixel <paramref name="index"/> (row-major, y · width + x) in every channel, into
    /// <paramref name="pixel"/> (length <see cref="Channels"/>): pixel[c] = Data[c · width · height + index].</summary>
    public void ReadPixel(int index, Span<double> pixel)
    {
        int plane = Width * Height;
        for (int c = 0; c < Channels; c++) pixel[c] = _data[c * plane + index];
    }

    /// <summary>A copy of <see cref="Data"/> that the caller may change (planar, C x H x W).</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <inheritdoc/>
    /// <remarks>"Image WxHxC", for messages.</remarks>
    public override string ToString() => $"Image {Width}x{Height}x{Channels}";
}
