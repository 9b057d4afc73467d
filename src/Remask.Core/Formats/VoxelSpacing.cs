namespace Remask.Core.Formats;

/// <summary>Voxel size in millimetres along the three voxel axes (NIfTI pixdim[1..3]).</summary>
public readonly record struct VoxelSpacing(double X, double Y, double Z)
{
    /// <inheritdoc/>
    /// <remarks>"0.8 x 0.8 x 2.5 mm" (G6, invariant culture).</remarks>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{X:G6} x {Y:G6} x {Z:G6} mm");
}
