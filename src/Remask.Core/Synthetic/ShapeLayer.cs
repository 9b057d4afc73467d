namespace Remask.Core.Synthetic;

/// <summary>
/// One flat-shaded layer of a gray synthetic scene: the part of <see cref="Shape"/> deeper than
/// <see cref="Inset"/> from its border (an inset of a body outline gives the layer under the skin), cut to lie
/// inside every clip region, filled with <see cref="Value"/> plus an optional smooth texture.
/// Layers are painted in order, each over what is there (<see cref="Paint"/>).
/// </summary>
internal sealed record ShapeLayer(IShape Shape, double Value)
{
    /// <summary>Distance inside the shape's border where the layer begins (continuous units).</summary>
    public double Inset { get; init; }

    /// <summary>Regions the layer must stay inside: a shape and an inset from its border each.</summary>
    public IReadOnlyList<(IShape Shape, double Inset)> Clips { get; init; } = [];

    /// <summary>When set, the layer is only above (smaller v than) this level: the gas over a fluid level.</summary>
    public double? Above { get; init; }

    public FractalNoise? Texture { get; init; }
    public double TextureAmplitude { get; init; }

    /// <summary>
    /// Paints the layer into <paramref name="values"/> (size x size, row-major): each pixel moves from its
    /// value towards the layer's by the layer's coverage, the box-filtered edge (<see cref="Coverage.Edge"/>,
    /// <paramref name="edgeWidth"/> wide) of the shape and of each clip, the smallest of them.
    /// </summary>
    public void Paint(Span<float> values, PixelGrid grid, double edgeWidth)
    {
        var (minU, minV, maxU, maxV) = Shape.Bounds;
        foreach (var (clip, _) in Clips)
        {
            var b = clip.Bounds;
            minU = Math.Max(minU, b.MinU); minV = Math.Max(minV, b.MinV);
            maxU = Math.Min(maxU, b.MaxU); maxV = Math.Min(maxV, b.MaxV);
        }
        if (Above is double level) maxV = Math.Min(maxV, level + edgeWidth);
        var (x0, x1) = grid.Span(minU - edgeWidth, maxU + edgeWidth);
        var (y0, y1) = grid.Span(minV - edgeWidth, maxV + edgeWidth);
        float[]? weights = Texture?.OctaveWeights(grid.Size);
        for (int y = y0; y <= y1; y++)
        {
            double v = grid.Center(y);
            float rowCover = Above is double lv ? Coverage.Edge(lv - v, edgeWidth) : 1f;
            if (rowCover <= 0) continue;
            for (int x = x0; x <= x1; x++)
            {
                double u = grid.Center(x);
                float cover = Math.Min(rowCover, Coverage.Edge(Shape.SignedDistance(u, v) - Inset, edgeWidth));
                for (int k = 0; k < Clips.Count && cover > 0; k++)
                    cover = Math.Min(cover, Coverage.Edge(Clips[k].Shape.SignedDistance(u, v) - Clips[k].Inset, edgeWidth));
                if (cover <= 0) continue;
                double value = Value;
                if (Texture is not null) value += TextureAmplitude * Texture.Sample(u, v, weights!);
                int i = y * grid.Size + x;
                values[i] += (float)((value - values[i]) * cover);
            }
        }
    }

    /// <summary>Whether the pixel centre (u, v) is inside the layer (inside the shape's inset and every clip).</summary>
    public bool Contains(double u, double v)
    {
        if (Above is double level && v >= level) return false;
        if (!(Shape.SignedDistance(u, v) > Inset)) return false;
        foreach (var (clip, inset) in Clips)
            if (!(clip.SignedDistance(u, v) > inset)) return false;
        return true;
    }
}
