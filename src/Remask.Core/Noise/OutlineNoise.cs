using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>
/// The paper's noisy annotator (section 2.1, Fig. 3): for every 8-connected component, the outer boundary is
/// reduced to k vertices (<see cref="VertexReduction"/>) and a new outline is drawn through them and filled.
/// Holes disappear (the annotator draws outlines); components whose boundary has fewer than k distinct pixels
/// are kept as they are. The seed picks where the vertex search starts on each contour.
/// </summary>
public abstract class OutlineNoise : ILabelNoise
{
    /// <param name="vertices">k, the vertices kept per component; at least 3.</param>
    /// <exception cref="RemaskUsageException"><paramref name="vertices"/> is less than 3.</exception>
    protected OutlineNoise(int vertices)
    {
        if (vertices < 3) throw new RemaskUsageException($"the noisy outline needs k >= 3 vertices, got k = {vertices}");
        Vertices = vertices;
    }

    /// <summary>k: the number of vertices kept per component.</summary>
    public int Vertices { get; }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The closed outline to fill, drawn through the reduced vertices.</summary>
    protected abstract IReadOnlyList<PointD> Outline(IReadOnlyList<PointD> vertices);

    /// <inheritdoc/>
    public Mask Apply(Mask clean, ulong seed)
    {
        var labels = ConnectedComponents.Label(clean, Connectivity.Eight);
        var output = new byte[clean.Length];
        for (int i = 0; i < labels.Count; i++)
        {
            ComponentInfo c = labels.Components[i];
            List<PixelPoint> contour = ContourTracer.Trace(labels, c.FirstIndex);
            var random = NoiseRandom.For(seed, (ulong)i);
            int[]? kept = VertexReduction.ReduceToK(contour, Vertices, random.NextInt(contour.Count));
            if (kept is null)
            {
                ComponentPixels.Copy(labels, c, output);
                continue;
            }
            var vertices = new PointD[kept.Length];
            for (int v = 0; v < kept.Length; v++) vertices[v] = new PointD(contour[kept[v]].X, contour[kept[v]].Y);
            PolygonFill.Fill(Outline(vertices), clean.Width, clean.Height, output);
        }
        return new Mask(clean.Width, clean.Height, output);
    }
}

/// <summary><c>polyK</c>: the k vertices joined by straight lines, filled (pixel centres inside or on the polygon).</summary>
public sealed class PolygonNoise(int vertices) : OutlineNoise(vertices)
{
    /// <inheritdoc/>
    /// <remarks>"polyK", e.g. "poly3".</remarks>
    public override string Name => $"poly{Vertices}";

    /// <inheritdoc/>
    /// <remarks>The vertices themselves: the polygon through them.</remarks>
    protected override IReadOnlyList<PointD> Outline(IReadOnlyList<PointD> vertices) => vertices;
}

/// <summary><c>smooth</c>: a closed centripetal Catmull-Rom spline through the k vertices, filled.</summary>
public sealed class SmoothCurveNoise(int vertices = SmoothCurveNoise.DefaultVertices) : OutlineNoise(vertices)
{
    /// <summary>The k used by <c>smooth</c> when none is given.</summary>
    public const int DefaultVertices = 7;

    /// <inheritdoc/>
    /// <remarks>"smooth" for k = <see cref="DefaultVertices"/>, else "smoothK".</remarks>
    public override string Name => Vertices == DefaultVertices ? "smooth" : $"smooth{Vertices}";

    /// <inheritdoc/>
    /// <remarks>Points along the closed centripetal Catmull-Rom spline through the vertices.</remarks>
    protected override IReadOnlyList<PointD> Outline(IReadOnlyList<PointD> vertices) => ClosedCurve.CentripetalCatmullRom(vertices);
}
