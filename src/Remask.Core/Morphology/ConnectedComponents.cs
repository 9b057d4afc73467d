using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>One connected component of a mask: its label, size, bounding box and first pixel in raster order.</summary>
/// <param name="Label">1-based label, as in <see cref="ComponentLabels.Labels"/>.</param>
/// <param name="Area">Number of pixels.</param>
/// <param name="MinX">Leftmost column of the component (the bounding box's left edge, inclusive).</param>
/// <param name="MinY">Topmost row of the component (the bounding box's top edge, inclusive).</param>
/// <param name="MaxX">Rightmost column of the component (inclusive).</param>
/// <param name="MaxY">Bottom row of the component (inclusive).</param>
/// <param name="FirstIndex">Index (y * width + x) of the component's first pixel in raster order: its topmost,
/// then leftmost pixel, which always lies on the outer boundary.</param>
public readonly record struct ComponentInfo(int Label, int Area, int MinX, int MinY, int MaxX, int MaxY, int FirstIndex)
{
    /// <summary>Width of the bounding box in pixels: MaxX - MinX + 1.</summary>
    public int BoxWidth => MaxX - MinX + 1;
    /// <summary>Height of the bounding box in pixels: MaxY - MinY + 1.</summary>
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

    /// <summary>Pixels per row, as in the labelled mask.</summary>
    public int Width { get; }
    /// <summary>Rows, as in the labelled mask.</summary>
    public int Height { get; }
    /// <summary>The number of components: labels run from 1 to Count.</summary>
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

/// <summary>
/// Labels the connected components of the foreground of a mask. Works on runs (horizontal stretches of
/// foreground): runs of consecutive rows that touch are joined with union-find, then every run is written
/// with its component's label.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the foreground components of <paramref name="mask"/> (8-connected by default).</summary>
    public static ComponentLabels Label(Mask mask, Connectivity connectivity = Connectivity.Eight) =>
        Label(mask.Pixels, mask.Width, mask.Height, connectivity);

    /// <summary>Labels the non-zero pixels of <paramref name="pixels"/> (row-major, <paramref name="width"/> x <paramref name="height"/>).</summary>
    public static ComponentLabels Label(ReadOnlySpan<byte> pixels, int width, int height, Connectivity connectivity = Connectivity.Eight)
    {
        CheckSize(pixels.Length, width, height);
        // Runs in raster order: row, first and last column.
        var runRow = new List<int>();
        var runStart = new List<int>();
        var runEnd = new List<int>();
        var parent = new List<int>();
        int reach = connectivity == Connectivity.Eight ? 1 : 0;   // diagonal contact widens the overlap test by one
        int previousFirst = 0, previousCount = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = pixels.Slice(y * width, width);
            int first = runRow.Count;
            int x = 0;
            int scan = previousFirst;   // the earliest run of the previous row that may still touch
            while (x < width)
            {
                int s = row[x..].IndexOfAnyExcept((byte)0);
                if (s < 0) break;
                s += x;
                int e = row[s..].IndexOf((byte)0);
                e = e < 0 ? width - 1 : s + e - 1;
                int run = runRow.Count;
                runRow.Add(y);
                runStart.Add(s);
                runEnd.Add(e);
                parent.Add(run);
                // Join with every run of the previous row that overlaps [s - reach, e + reach].
                while (scan < previousFirst + previousCount && runEnd[scan] + reach < s) scan++;
                for (int p = scan; p < previousFirst + previousCount && runStart[p] - reach <= e; p++)
                    Union(parent, run, p);
                x = e + 1;
            }
            previousFirst = first;
            previousCount = runRow.Count - first;
        }

        // Final labels in raster order of each component's first run, which is its first pixel.
        int runs = runRow.Count;
        var labelOfRoot = new int[runs];
        var components = new List<ComponentInfo>();
        var labels = new int[pixels.Length];
        for (int r = 0; r < runs; r++)
        {
            int root = Find(parent, r);
            int label = labelOfRoot[root];
            int y = runRow[r], s = runStart[r], e = runEnd[r];
            if (label == 0)
            {
                label = labelOfRoot[root] = components.Count + 1;
                components.Add(new ComponentInfo(label, 0, s, y, e, y, y * width + s));
            }
            ComponentInfo c = components[label - 1];
            components[label - 1] = c with
            {
                Area = c.Area + e - s + 1,
                MinX = Math.Min(c.MinX, s),
                MaxX = Math.Max(c.MaxX, e),
                MaxY = y,
            };
            labels.AsSpan(y * width + s, e - s + 1).Fill(label);
        }
        return new ComponentLabels(width, height, labels, components.ToArray());
    }

    private static int Find(List<int> parent, int i)
    {
        int root = i;
        while (parent[root] != root) root = parent[root];
        while (parent[i] != root)
        {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    private static void Union(List<int> parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        // The smaller index becomes the root, so a root is always its component's first run.
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }

    internal static void CheckSize(int length, int width, int height)
    {
        if (width <= 0 || height <= 0 || length != (long)width * height)
            throw new ArgumentException($"{length} pixels do not make a {width}x{height} mask");
    }
}
