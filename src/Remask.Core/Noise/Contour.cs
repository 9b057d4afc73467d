namespace Remask.Core.Noise;

/// <summary>A pixel position: column <see cref="X"/>, row <see cref="Y"/>. Its centre is at (X, Y) in polygon coordinates.</summary>
internal readonly record struct PixelPoint(int X, int Y);

/// <summary>A point of a polygon or curve in pixel coordinates: pixel (x, y) has its centre at (x, y).</summary>
public readonly record struct PointD(double X, double Y);

/// <summary>
/// The outer boundary of one connected component: its boundary pixels in order, as a closed polygon (the last
/// point connects back to the first; consecutive points are 8-neighbours). Traced clockwise on screen
/// (x to the right, y down). A pixel where the boundary passes twice (a one-pixel-wide neck) appears twice.
/// </summary>
/// <param name="Label">The component's label in <see cref="Morphology.ComponentLabels"/>.</param>
/// <param name="Area">The component's number of pixels.</param>
/// <param name="Points">The boundary pixels in tracing order; the last one connects back to the first.</param>
internal sealed record Contour(int Label, int Area, IReadOnlyList<PixelPoint> Points);
