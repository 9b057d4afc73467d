using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>One connected component of a mask: its label, size, bounding box and first pixel in raster order.</summary>
/// <param name="Label">1-based label, as in <see cref="ComponentLabels.Labels"/>.</param>
/// <param name="Area">Number of pixels.</param>
/// <param name="FirstIndex">Index (y * width + x) of the component's first pixel in raster order: its topmost,
/// then leftmost pixel, which always lies on the outer boundary.</param>
public readonly record struct ComponentInfo(int Label, int Area, int MinX, int MinY, int MaxX, int MaxY, int FirstIndex)
{
    public int BoxWidth => MaxX - MinX + 1;
    public int BoxHeight => MaxY - MinY + 1;
}

/// <summary>
/// A label image: 0 for background, 1..<see cref="Count"/> for the connected components of the foreground,
/// numbered in raster order of their first pixel (the same numbering as <c>scipy.ndimage.label</c>).
/// </summary>
public sealed class ComponentLabels
{
    private readonly int[] _labels;
    private readonly ComponentInfo[] _components;

    internal ComponentLabels(int width, int height, int[] labels, ComponentInfo[] components)
    {
        Width = width;
        Height = height;
        _labels = labels;
        _components = components;
    }

    public int Width { get; }
    public int Height { get; }
    public int Count => _components.Length;

    /// <summary>Label of every pixel, row-major, 0 = background.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Components in label order: element i has label i + 1.</summary>
    public IReadOnlyList<ComponentInfo> Components => _components;

    /// <summary>The pixels of one component as a mask of the full size.</summary>
    public Mask ComponentMask(int label)
    {
        var data = new byte[_labels.Length];
        for (int i = 0; i < data.Length; i++) data[i] = _labels[i] == label ? (byte)1 : (byte)0;
        return new Mask(Width, Height, data);
    }
}

/// <summary>Labels the connected components of the foreground of a mask.</summary>
public static class ConnectedComponents
{
    public static ComponentLabels Label(Mask mask, Connectivity connectivity = Connectivity.Eight) =>
        Label(mask.Pixels, mask.Width, mask.Height, connectivity);

    /// <summary>Labels the non-zero pixels of <paramref name="pixels"/> (row-major, <paramref name="width"/> x <paramref name="height"/>).</summary>
    public static ComponentLabels Label(ReadOnlySpan<byte> pixels, int width, int height, Connectivity connectivity = Connectivity.Eight)
    {
        CheckSize(pixels.Length, width, height);
        var labels = new int[pixels.Length];
        var components = new List<ComponentInfo>();
        var stack = new Stack<int>();
        bool eight = connectivity == Connectivity.Eight;
        for (int start = 0; start < pixels.Length; start++)
        {
            if (pixels[start] == 0 || labels[start] != 0) continue;
            int label = components.Count + 1;
            int area = 0, minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                int x = p % width, y = p / width;
                area++;
                if (x < minX) minX = x;
                if (x > maxX) maxX = x;
                if (y < minY) minY = y;
                if (y > maxY) maxY = y;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int ny = y + dy;
                    if ((uint)ny >= (uint)height) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        if (dx == 0 && dy == 0) continue;
                        if (!eight && dx != 0 && dy != 0) continue;
                        int nx = x + dx;
                        if ((uint)nx >= (uint)width) continue;
                        int q = ny * width + nx;
                        if (pixels[q] != 0 && labels[q] == 0)
                        {
                            labels[q] = label;
                            stack.Push(q);
                        }
                    }
                }
            }
            components.Add(new ComponentInfo(label, area, minX, minY, maxX, maxY, start));
        }
        return new ComponentLabels(width, height, labels, components.ToArray());
    }

    internal static void CheckSize(int length, int width, int height)
    {
        if (width <= 0 || height <= 0 || length != (long)width * height)
            throw new ArgumentException($"{length} pixels do not make a {width}x{height} mask");
    }
}
