namespace Remask.Core.Formats;

/// <summary>Which header fields gave <see cref="NiftiHeader.Affine"/>.</summary>
public enum NiftiAffineSource
{
    /// <summary>sform_code &gt; 0: the srow_x/y/z rows.</summary>
    Sform,
    /// <summary>sform_code 0, qform_code &gt; 0: quaternion, qfac, pixdim and qoffset.</summary>
    Qform,
    /// <summary>Neither code set: nibabel's fall-back (Analyze style), see <see cref="NiftiHeader.FallbackAffine"/>.</summary>
    Fallback,
}

/// <summary>
/// The fields of a NIfTI-1 header that Remask uses, as read from a file and already checked
/// (<see cref="NiftiReader.ReadHeader"/>). Immutable.
/// </summary>
public sealed class NiftiHeader
{
    /// <summary>sizeof_hdr of a NIfTI-1 header: 348 bytes (a NIfTI-2 header has 540 and is refused).</summary>
    public const int SizeOfHeader = 348;
    /// <summary>Header plus the 4 extension-flag bytes: where the data of a plain .nii starts at the earliest.</summary>
    public const int MinimumVoxOffset = 352;

    /// <summary>True when the file is big-endian (its sizeof_hdr read 348 only with the bytes swapped).</summary>
    public required bool IsBigEndian { get; init; }
    /// <summary>dim[0]: number of dimensions, 1..7 (3 for a volume; 4 with one time point is accepted).</summary>
    public required int DimCount { get; init; }
    /// <summary>dim[1]: voxels along the first voxel axis (i), fastest in the data.</summary>
    public required int Nx { get; init; }
    /// <summary>dim[2]: voxels along the second voxel axis (j); 1 when dim[0] &lt; 2.</summary>
    public required int Ny { get; init; }
    /// <summary>dim[3]: voxels along the third voxel axis (k), the slices; 1 when dim[0] &lt; 3.</summary>
    public required int Nz { get; init; }
    /// <summary>
    /// How each stored voxel is encoded (the header's datatype code; only the supported codes are read).
    /// </summary>
    public required NiftiDatatype Datatype { get; init; }
    /// <summary>Voxel size from pixdim[1..3] as nibabel reads it: the absolute value, and 1 where pixdim is 0.</summary>
    public required VoxelSpacing Spacing { get; init; }
    /// <summary>pixdim[0]: -1 flips the third axis of the qform; any value other than -1 counts as 1 (as nibabel).</summary>
    public required double Qfac { get; init; }
    /// <summary>Byte offset of the voxel data in the (decompressed) file.</summary>
    public required long VoxOffset { get; init; }
    /// <summary>scl_slope as stored (0 or NaN means no scaling).</summary>
    public required float SclSlope { get; init; }
    /// <summary>scl_inter as stored.</summary>
    public required float SclInter { get; init; }
    /// <summary>qform_code as stored: &gt; 0 when the quaternion fields describe the voxel-to-world map.</summary>
    public required short QformCode { get; init; }
    /// <summary>
    /// sform_code as stored: &gt; 0 when the srow_x/y/z rows describe the voxel-to-world map (preferred to the qform).
    /// </summary>
    public required short SformCode { get; init; }
    /// <summary>The descrip field (80 bytes): ASCII up to the first NUL, trimmed.</summary>
    public required string Description { get; init; }
    /// <summary>The voxel-to-world map: sform if sform_code &gt; 0, else qform if qform_code &gt; 0, else the fall-back.</summary>
    public required Affine4x4 Affine { get; init; }
    /// <summary>Which fields <see cref="Affine"/> came from: sform, qform or the fall-back.</summary>
    public required NiftiAffineSource AffineSource { get; init; }

    /// <summary>True when scl_slope is finite and not zero, so stored values are scaled: value = slope * stored + inter.</summary>
    public bool HasScaling => float.IsFinite(SclSlope) && SclSlope != 0;

    /// <summary>The slope applied when reading (1 without scaling).</summary>
    public double ScaleSlope => HasScaling ? SclSlope : 1.0;

    /// <summary>The intercept applied when reading (0 without scaling).</summary>
    public double ScaleIntercept => HasScaling ? SclInter : 0.0;

    /// <summary>Nx * Ny * Nz: the number of voxels in the volume.</summary>
    public long VoxelCount => (long)Nx * Ny * Nz;

    /// <summary>Bytes one stored voxel takes: 1, 2, 4 or 8 by <see cref="Datatype"/>.</summary>
    public int BytesPerVoxel => NiftiDatatypes.BytesPerVoxel(Datatype);

    /// <summary>Bytes of voxel data the dimensions and datatype call for.</summary>
    public long DataBytes => VoxelCount * BytesPerVoxel;

    /// <summary>
    /// The affine nibabel uses when neither sform nor qform is set (<c>get_base_affine</c>, Analyze style):
    /// diag(-sx, sy, sz) with the origin at the centre of the volume, translation -(n - 1) / 2 * size per axis.
    /// </summary>
    public static Affine4x4 FallbackAffine(int nx, int ny, int nz, VoxelSpacing spacing)
    {
        double sx = -spacing.X, sy = spacing.Y, sz = spacing.Z;
        return Affine4x4.Diagonal(sx, sy, sz,
            -(nx - 1) / 2.0 * sx, -(ny - 1) / 2.0 * sy, -(nz - 1) / 2.0 * sz);
    }

    /// <inheritdoc/>
    /// <remarks>Size, datatype, byte order, spacing and the affine's source, for messages.</remarks>
    public override string ToString() =>
        $"NIfTI-1 {Nx}x{Ny}x{Nz} {NiftiDatatypes.Name(Datatype)}{(IsBigEndian ? " big-endian" : "")}, {Spacing}, affine from {AffineSource}";
}
