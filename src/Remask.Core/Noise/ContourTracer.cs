using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>
/// Traces the outer boundary of every 8-connected foreground component (Moore-neighbour tracing with the
/// stopping rule of Suzuki and Abe: stop on returning to the start pixel about to take the first step again).
/// Pixels outside the image count as background, so components touching the border are traced along it.
/// </summary>
internal static class ContourTracer
{
    // The 8 neighbour directions, clockwise on screen (y down): E, SE, S, SW, W, NW, N, NE.
    private static readonly int[] Dx = [1, 1, 0, -1, -1, -1, 0, 1];
    private static readonly int[] Dy = [0, 1, 1, 1, 0, -1, -1, -1];

    /// <summary>One contour per component, in label order.</summary>
    public static IReadOnlyList<Contour> OuterBoundaries(Mask mask) => OuterBoundaries(ConnectedComponents.Label(mask, Connectivity.Eight));

    public static IReadOnlyList<Contour> OuterBoundaries(ComponentLabels labels)
    {
        var contours = new Contour[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            ComponentInfo c = labels.Components[i];
            contours[i] = new Contour(c.Label, c.Area, Trace(labels, c.FirstIndex));
        }
        return contours;
    }

    /// <summary>
    /// The outer boundary of the component holding <paramref name="startIndex"/>, which must be the component's
    /// first pixel in raster order (its west, north-west, north and north-east neighbours are background).
    /// </summary>
    internal static List<PixelPoint> Trace(ComponentLabels labels, int startIndex)
    {
        int width = labels.Width, height = labels.Height;
        ReadOnlySpan<int> lab = labels.Labels;
        int label = lab[startIndex];
        var start = new PixelPoint(startIndex % width, startIndex / width);
        var points = new List<PixelPoint> { start };

        // The first step: search clockwise from the west neighbour (background, or outside the image).
        if (!NextStep(lab, width, height, label, start, 4, out PixelPoint second, out int secondDir))
            return points;   // a single pixel
        PixelPoint current = second;
        int arrivedBy = secondDir;
        while (true)
        {
            // Restart the clockwise search at the backtrack pixel: the background neighbour checked just before
            // the move (direction arrivedBy - 1 from the previous pixel), as seen from the current pixel.
            int searchFrom = (arrivedBy & 1) == 0 ? (arrivedBy + 6) & 7 : (arrivedBy + 5) & 7;
            NextStep(lab, width, height, label, current, searchFrom, out PixelPoint next, out int nextDir);
            if (current == start && next == second) break;
            points.Add(current);
            current = next;
            arrivedBy = nextDir;
        }
        return points;
    }

    /// <summary>The first neighbour of <paramref name="p"/> in the component, searching clockwise from direction <paramref name="from"/>.</summary>
    private static bool NextStep(ReadOnlySpan<int> lab, int width, int height, int label, PixelPoint p, int from,
        out PixelPoint next, out int direction)
    {
        for (int k = 0; k < 8; k++)
        {
            int d = (from + k) & 7;
            int nx = p.X + Dx[d], ny = p.Y + Dy[d];
            if ((uint)nx < (uint)width && (uint)ny < (uint)height && lab[ny * width + nx] == label)
            {
                next = new PixelPoint(nx, ny);
                direction = d;
                return true;
            }
        }
        next = p;
        direction = 0;
        return false;
    }
}
