namespace Remask.Core.Formats;

/// <summary>
/// A 3D NIfTI volume in memory: <see cref="Nx"/> x <see cref="Ny"/> x <see cref="Nz"/> voxels as float values after
/// the file's scaling (scl_slope, scl_inter) was applied, in the order of the file: x fastest, then y, then z
/// (index x + Nx * (y + Ny * z)). Keeps the geometry (<see cref="Spacing"/>, <see cref="Affine"/>) and the
/// datatype the values were stored as. Immutable.
/// </summary>
/// <remarks>
/// Values are float32: int32 data beyond ±2^24 and float64 data lose precision, which does not matter for CT
/// intensities or label maps (see docs/formats-nifti.md).
/// </remarks>
public sealed class NiftiVolume
{
    private readonly float[] _values;

    /// <summary>Voxels along the first voxel axis (i), fastest in <see cref="Values"/>.</summary>
    public int Nx { get; }
    /// <summary>Voxels along the second voxel axis (j).</summary>
    public int Ny { get; }
    /// <summary>Voxels along the third voxel axis (k): the number of slices.</summary>
    public int Nz { get; }
    /// <summary>Voxel size in millimetres along i, j and k (positive and finite).</summary>
    public VoxelSpacing Spacing { get; }
    /// <summary>Voxel (i, j, k) to world millimetres (RAS+), chosen as nibabel does; see <see cref="NiftiHeader.Affine"/>.</summary>
    public Affine4x4 Affine { get; }
    /// <summary>The datatype of the stored (raw) values.</summary>
    public NiftiDatatype Datatype { get; }
    /// <summary>The slope that was applied to the stored values (1 when the file has no scaling).</summary>
    public double ScaleSlope { get; }
    /// <summary>The intercept that was applied to the stored values (0 when the file has no scaling).</summary>
    public double ScaleIntercept { get; }

    /// <summary>Values after scaling, x fastest, then y, then z.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Nx * Ny * Nz: the length of <see cref="Values"/>.</summary>
    public int VoxelCount => _values.Length;

    /// <summary>
    /// Wraps <paramref name="values"/> (not copied: the caller hands it over). <paramref name="scaleSlope"/> and
    /// <paramref name="scaleIntercept"/> say how the values relate to what an integer datatype stores
    /// (value = slope * stored + intercept); the writer uses them.
    /// </summary>
    public NiftiVolume(int nx, int ny, int nz, VoxelSpacing spacing, Affine4x4 affine, NiftiDatatype datatype, float[] values,
        double scaleSlope = 1, double scaleIntercept = 0)
    {
        if (nx <= 0 || ny <= 0 || nz <= 0) throw new ArgumentOutOfRangeException(nameof(nx), $"volume size {nx}x{ny}x{nz} must be positive");
        if (nx > short.MaxValue || ny > short.MaxValue || nz > short.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(nx), $"volume size {nx}x{ny}x{nz}: NIfTI-1 allows at most {short.MaxValue} per axis");
        ArgumentNullException.ThrowIfNull(affine);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)nx * ny * nz)
            throw new ArgumentException($"volume data has {values.Length} values, {nx}x{ny}x{nz} needs {(long)nx * ny * nz}", nameof(values));
        if (!IsPositiveFinite(spacing.X) || !IsPositiveFinite(spacing.Y) || !IsPositiveFinite(spacing.Z))
            throw new ArgumentOutOfRangeException(nameof(spacing), $"voxel spacing {spacing} must be positive and finite");
        if (!Enum.IsDefined(datatype)) throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a supported NIfTI datatype");
        if (!double.IsFinite(scaleSlope) || scaleSlope == 0 || !double.IsFinite(scaleIntercept))
            throw new ArgumentOutOfRangeException(nameof(scaleSlope), $"scaling {scaleSlope} * v + {scaleIntercept} must have a finite non-zero slope and a finite intercept");
        Nx = nx;
        Ny = ny;
        Nz = nz;
        Spacing = spacing;
        Affine = affine;
        Datatype = datatype;
        ScaleSlope = scaleSlope;
        ScaleIntercept = scaleIntercept;
        _values = values;
    }

    /// <summary>
    /// The value (after scaling) of voxel (<paramref name="x"/>, <paramref name="y"/>, <paramref name="z"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The voxel lies outside the volume.</exception>
    public float this[int x, int y, int z]
    {
        get
        {
            if ((uint)x >= (uint)Nx || (uint)y >= (uint)Ny || (uint)z >= (uint)Nz)
                throw new ArgumentOutOfRangeException(nameof(x), $"voxel ({x}, {y}, {z}) is outside {Nx}x{Ny}x{Nz}");
            return _values[x + Nx * (y + Ny * z)];
        }
    }

    /// <summary>The values of slice <paramref name="z"/> as stored: Nx * Ny values, x fastest.</summary>
    public ReadOnlySpan<float> Slab(int z)
    {
        if ((uint)z >= (uint)Nz) throw new ArgumentOutOfRangeException(nameof(z), $"slice {z} is outside 0..{Nz - 1}");
        return _values.AsSpan(z * Nx * Ny, Nx * Ny);
    }

    /// <summary>True when <paramref name="other"/> has the same voxel grid size.</summary>
    public bool SameSize(NiftiVolume other) => other.Nx == Nx && other.Ny == Ny && other.Nz == Nz;

    /// <summary>A new volume on the same grid (size, spacing, affine) with other values, unscaled.</summary>
    public NiftiVolume WithValues(float[] values, NiftiDatatype datatype) =>
        new(Nx, Ny, Nz, Spacing, Affine, datatype, values);

    /// <summary>A copy of the values that the caller may change.</summary>
    public float[] ToArray() => (float[])_values.Clone();

    /// <inheritdoc/>
    /// <remarks>Size, stored datatype and spacing, for messages.</remarks>
    public override string ToString() => $"NiftiVolume {Nx}x{Ny}x{Nz} {NiftiDatatypes.Name(Datatype)}, {Spacing}";

    private static bool IsPositiveFinite(double v) => double.IsFinite(v) && v > 0;
}
