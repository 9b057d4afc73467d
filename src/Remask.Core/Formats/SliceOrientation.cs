namespace Remask.Core.Formats;

/// <summary>
/// How slice k of a volume (its third voxel axis) is laid out on screen, in the radiological convention that
/// CT viewers use for axial slices: the patient's right on the left of the picture, anterior (or superior) at the top.
/// <para>
/// The rule, from the affine: of the two in-plane voxel axes (i, j), the one whose direction has the larger share
/// along world x (left-right) runs along the columns (<see cref="Transposed"/> when that is j); columns are
/// flipped when that axis points to the patient's right (+x in RAS), so that x decreases from left to right.
/// The other axis runs down the rows, flipped when its main world component (y or z, whichever is larger)
/// increases along it, so that anterior/superior is at the top.
/// </para>
/// For the usual CT volume converted from DICOM (affine diag(-, -, +), "LPS" storage) nothing is flipped or
/// transposed: rows are j and columns are i, exactly <c>data[:, :, k].T</c> in numpy.
/// Images and their labels must be sliced with the SAME orientation (take it from the image) to stay aligned.
/// </summary>
public readonly record struct SliceOrientation(bool Transposed, bool FlipColumns, bool FlipRows)
{
    /// <summary>Rows = j, columns = i, nothing flipped.</summary>
    public static SliceOrientation AsStored { get; } = new(false, false, false);

    /// <summary>
    /// The orientation of <paramref name="volume"/>'s slices, from its affine (<see cref="FromAffine"/>).
    /// </summary>
    public static SliceOrientation Of(NiftiVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return FromAffine(volume.Affine);
    }

    /// <summary>
    /// The orientation that the rule above gives for the voxel-to-world map <paramref name="affine"/>.
    /// </summary>
    public static SliceOrientation FromAffine(Affine4x4 affine)
    {
        ArgumentNullException.ThrowIfNull(affine);
        var ai = affine.Axis(0);
        var aj = affine.Axis(1);
        double xShareI = Share(ai.X, affine.AxisLength(0)), xShareJ = Share(aj.X, affine.AxisLength(1));
        bool transposed = xShareJ > xShareI;
        var column = transposed ? aj : ai;
        var row = transposed ? ai : aj;
        bool flipColumns = column.X > 0;
        double rowMain = Math.Abs(row.Z) > Math.Abs(row.Y) ? row.Z : row.Y;
        bool flipRows = rowMain > 0;
        return new SliceOrientation(transposed, flipColumns, flipRows);
    }

    /// <summary>Width of a displayed slice: the size of the voxel axis that runs along the columns.</summary>
    public int Width(int nx, int ny) => Transposed ? ny : nx;

    /// <summary>Height of a displayed slice: the size of the voxel axis that runs down the rows.</summary>
    public int Height(int nx, int ny) => Transposed ? nx : ny;

    /// <summary>
    /// Lays out one stored slice (<paramref name="slab"/>: nx * ny values, x fastest) for display into
    /// <paramref name="dest"/> (row-major, <see cref="Width"/> x <see cref="Height"/>), converting each value.
    /// </summary>
    public void Arrange<T>(ReadOnlySpan<float> slab, int nx, int ny, Span<T> dest, Func<float, T> convert)
    {
        ArgumentNullException.ThrowIfNull(convert);
        if (slab.Length != nx * ny) throw new ArgumentException($"slab has {slab.Length} values, {nx}x{ny} needs {nx * ny}", nameof(slab));
        if (dest.Length != nx * ny) throw new ArgumentException($"destination has {dest.Length} values, needs {nx * ny}", nameof(dest));
        int width = Width(nx, ny), height = Height(nx, ny);
        var (start, columnStep, rowStep) = Steps(nx, ny);
        for (int r = 0; r < height; r++)
        {
            int source = start + r * rowStep;
            var line = dest.Slice(r * width, width);
            for (int c = 0; c < width; c++, source += columnStep) line[c] = convert(slab[source]);
        }
    }

    /// <summary>
    /// The inverse of <see cref="Arrange"/>: puts a displayed slice (<paramref name="display"/>, row-major,
    /// <see cref="Width"/> x <see cref="Height"/>) back into stored order (<paramref name="slab"/>: nx * ny values, x fastest).
    /// </summary>
    public void Restore<T>(ReadOnlySpan<T> display, int nx, int ny, Span<T> slab)
    {
        if (display.Length != nx * ny) throw new ArgumentException($"display has {display.Length} values, {nx}x{ny} needs {nx * ny}", nameof(display));
        if (slab.Length != nx * ny) throw new ArgumentException($"slab has {slab.Length} values, needs {nx * ny}", nameof(slab));
        int width = Width(nx, ny), height = Height(nx, ny);
        var (start, columnStep, rowStep) = Steps(nx, ny);
        for (int r = 0; r < height; r++)
        {
            int target = start + r * rowStep;
            var line = display.Slice(r * width, width);
            for (int c = 0; c < width; c++, target += columnStep) slab[target] = line[c];
        }
    }

    /// <summary>Where the displayed slice's first pixel lies in the slab, and the slab offsets of one column to the
    /// right and one row down.</summary>
    private (int Start, int ColumnStep, int RowStep) Steps(int nx, int ny)
    {
        int width = Width(nx, ny), height = Height(nx, ny);
        int columnStep = Transposed ? nx : 1;
        int rowStep = Transposed ? 1 : nx;
        int start = 0;
        if (FlipColumns) { start += (width - 1) * columnStep; columnStep = -columnStep; }
        if (FlipRows) { start += (height - 1) * rowStep; rowStep = -rowStep; }
        return (start, columnStep, rowStep);
    }

    private static double Share(double component, double length) => length > 0 ? Math.Abs(component) / length : 0;

    /// <inheritdoc/>
    /// <remarks>"rows along j (flipped), columns along i", for messages.</remarks>
    public override string ToString() =>
        $"rows along {(Transposed ? "i" : "j")}{(FlipRows ? " (flipped)" : "")}, columns along {(Transposed ? "j" : "i")}{(FlipColumns ? " (flipped)" : "")}";
}
