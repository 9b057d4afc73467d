namespace Remask.Core.Formats;

/// <summary>
/// A 4x4 affine map from voxel indices (i, j, k) to world coordinates in millimetres, in NIfTI's RAS+ space
/// (+x toward the patient's right, +y anterior, +z superior). The bottom row is always (0, 0, 0, 1), so only
/// the top three rows are stored. Immutable.
/// </summary>
public sealed class Affine4x4 : IEquatable<Affine4x4>
{
    private readonly double[] _m; // 3 rows x 4 columns, row-major

    /// <summary>From the top three rows, row-major (12 values: r00 r01 r02 r03 r10 ... r23).</summary>
    public Affine4x4(ReadOnlySpan<double> topRows)
    {
        if (topRows.Length != 12) throw new ArgumentException($"an affine needs 12 values (3 rows of 4), got {topRows.Length}", nameof(topRows));
        _m = topRows.ToArray();
    }

    /// <summary>The identity map: world coordinates (mm) equal voxel indices.</summary>
    public static Affine4x4 Identity { get; } = Diagonal(1, 1, 1);

    /// <summary>diag(sx, sy, sz, 1) with an optional translation.</summary>
    public static Affine4x4 Diagonal(double sx, double sy, double sz, double tx = 0, double ty = 0, double tz = 0) =>
        new([sx, 0, 0, tx, 0, sy, 0, ty, 0, 0, sz, tz]);

    /// <summary>From a 4x4 row-major array; the bottom row must be (0, 0, 0, 1).</summary>
    public static Affine4x4 FromRows(double[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.GetLength(0) != 4 || rows.GetLength(1) != 4) throw new ArgumentException("need a 4x4 array", nameof(rows));
        if (rows[3, 0] != 0 || rows[3, 1] != 0 || rows[3, 2] != 0 || rows[3, 3] != 1)
            throw new ArgumentException("the bottom row of an affine must be (0, 0, 0, 1)", nameof(rows));
        var top = new double[12];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                top[r * 4 + c] = rows[r, c];
        return new Affine4x4(top);
    }

    /// <summary>Element (row, column), both 0..3.</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)column > 3) throw new ArgumentOutOfRangeException(nameof(column));
            if (row == 3) return column == 3 ? 1 : 0;
            if ((uint)row > 2) throw new ArgumentOutOfRangeException(nameof(row));
            return _m[row * 4 + column];
        }
    }

    /// <summary>The world direction (x, y, z) of one step along voxel axis 0 (i), 1 (j) or 2 (k).</summary>
    public (double X, double Y, double Z) Axis(int voxelAxis)
    {
        if ((uint)voxelAxis > 2) throw new ArgumentOutOfRangeException(nameof(voxelAxis));
        return (_m[voxelAxis], _m[4 + voxelAxis], _m[8 + voxelAxis]);
    }

    /// <summary>Length of <see cref="Axis"/>: the voxel size along that axis as the affine says it.</summary>
    public double AxisLength(int voxelAxis)
    {
        var (x, y, z) = Axis(voxelAxis);
        return Math.Sqrt(x * x + y * y + z * z);
    }

    /// <summary>The last column (r03, r13, r23): world coordinates in millimetres of voxel (0, 0, 0).</summary>
    public (double X, double Y, double Z) Translation => (_m[3], _m[7], _m[11]);

    /// <summary>World coordinates of voxel (i, j, k).</summary>
    public (double X, double Y, double Z) Apply(double i, double j, double k) =>
        (_m[0] * i + _m[1] * j + _m[2] * k + _m[3],
         _m[4] * i + _m[5] * j + _m[6] * k + _m[7],
         _m[8] * i + _m[9] * j + _m[10] * k + _m[11]);

    /// <summary>The full 4x4 matrix as a new array.</summary>
    public double[,] ToRows()
    {
        var rows = new double[4, 4];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 4; c++)
                rows[r, c] = _m[r * 4 + c];
        rows[3, 3] = 1;
        return rows;
    }

    /// <summary>True when every element differs by at most <paramref name="tolerance"/>.</summary>
    public bool ApproximatelyEquals(Affine4x4 other, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < 12; i++)
            if (!(Math.Abs(_m[i] - other._m[i]) <= tolerance)) return false;
        return true;
    }

    /// <summary>
    /// True when every element is exactly equal (see <see cref="ApproximatelyEquals"/> for a tolerance).
    /// </summary>
    public bool Equals(Affine4x4? other) => other is not null && _m.AsSpan().SequenceEqual(other._m);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Affine4x4 a && Equals(a);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (double v in _m) h.Add(v);
        return h.ToHashCode();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The four rows, e.g. "[-0.8 0 0 100; 0 0.8 0 -90; 0 0 2.5 -300; 0 0 0 1]" (G6, invariant culture).
    /// </remarks>
    public override string ToString()
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return "[" + string.Join("; ", Enumerable.Range(0, 3).Select(r =>
            string.Join(" ", Enumerable.Range(0, 4).Select(c => _m[r * 4 + c].ToString("G6", ci))))) + "; 0 0 0 1]";
    }
}
