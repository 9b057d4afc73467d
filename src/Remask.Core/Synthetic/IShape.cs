namespace Remask.Core.Synthetic;

/// <summary>
/// A region of the synthetic scene's continuous plane (u, v in [0, 1] across the image) with a border: what a
/// <see cref="ShapeLayer"/> paints and clips to, and what a synthetic mask is made of.
/// Implemented by <see cref="StarShape"/> (one smooth outline) and <see cref="CompositeShape"/> (outlines joined
/// and cut away).
/// </summary>
internal interface IShape
{
    /// <summary>A box that holds the whole shape: (minU, minV, maxU, maxV).</summary>
    (double MinU, double MinV, double MaxU, double MaxV) Bounds { get; }

    /// <summary>
    /// The signed distance from (u, v) to the border, positive inside; close to the Euclidean distance near the
    /// border, which is where anti-aliasing and soft edges use it.
    /// </summary>
    double SignedDistance(double u, double v);

    /// <summary>Whether (u, v) is inside; agrees with the sign of <see cref="SignedDistance"/>.</summary>
    bool Contains(double u, double v);
}
