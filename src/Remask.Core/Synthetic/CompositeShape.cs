namespace Remask.Core.Synthetic;

/// <summary>
/// An irregular outline built from smooth ones: the union of <see cref="Parts"/> (a body with lobes, satellite
/// spots beside it) minus the union of <see cref="Cuts"/> (notches). Its signed distance is the usual
/// constructive one, <c>min(max_i d(part_i), min_j -d(cut_j))</c>: exact in sign, and close to the Euclidean
/// distance near the border except at the creases where outlines meet, which is all that anti-aliasing and soft
/// edges need.
/// </summary>
internal sealed class CompositeShape : IShape
{
    /// <summary>The outlines joined together; at least one.</summary>
    public IReadOnlyList<IShape> Parts { get; }

    /// <summary>The outlines cut away from the parts (may be empty).</summary>
    public IReadOnlyList<IShape> Cuts { get; }

    public CompositeShape(IReadOnlyList<IShape> parts, IReadOnlyList<IShape>? cuts = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("a composite shape needs at least one part", nameof(parts));
        Parts = parts;
        Cuts = cuts ?? [];
    }

    /// <summary>The union of the parts' boxes (the cuts only remove).</summary>
    public (double MinU, double MinV, double MaxU, double MaxV) Bounds
    {
        get
        {
            var b = Parts[0].Bounds;
            for (int i = 1; i < Parts.Count; i++)
            {
                var p = Parts[i].Bounds;
                b = (Math.Min(b.MinU, p.MinU), Math.Min(b.MinV, p.MinV), Math.Max(b.MaxU, p.MaxU), Math.Max(b.MaxV, p.MaxV));
            }
            return b;
        }
    }

    public double SignedDistance(double u, double v)
    {
        double d = double.NegativeInfinity;
        foreach (var part in Parts) d = Math.Max(d, part.SignedDistance(u, v));
        foreach (var cut in Cuts) d = Math.Min(d, -cut.SignedDistance(u, v));
        return d;
    }

    public bool Contains(double u, double v)
    {
        bool inside = false;
        foreach (var part in Parts)
            if (part.Contains(u, v)) { inside = true; break; }
        if (!inside) return false;
        foreach (var cut in Cuts)
            if (cut.Contains(u, v)) return false;
        return true;
    }
}
