using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>
/// Volumes whose NiftiWriter output is committed under Fixtures/nifti/written/ and was read there by nibabel
/// (check_writer_output.py wrote what nibabel saw into written/NAME.json).
/// </summary>
internal static class NiftiWriterSamples
{
    public static IReadOnlyList<(string Name, NiftiVolume Volume)> All() =>
    [
        ("int16_oblique.nii.gz", Int16Oblique()),
        ("uint8_labels_lps.nii", Uint8LabelsLps()),
        ("float32_sheared.nii", Float32Sheared()),
        ("uint16_scaled_flipped.nii", Uint16ScaledFlipped()),
    ];

    /// <summary>CT-like int16 with a rotation (15 degrees about z) and a flipped third axis: qform and sform.</summary>
    private static NiftiVolume Int16Oblique()
    {
        const int nx = 6, ny = 5, nz = 4;
        double t = 15 * Math.PI / 180, c = Math.Cos(t), s = Math.Sin(t);
        var affine = new Affine4x4([c * 0.8, -s * 0.9, 0, -100.5, s * 0.8, c * 0.9, 0, 80.25, 0, 0, -2.5, 30]);
        var values = new float[nx * ny * nz];
        for (int i = 0; i < values.Length; i++) values[i] = (i * 263 % 4000) - 1024;
        values[0] = short.MinValue;
        values[1] = short.MaxValue;
        return new NiftiVolume(nx, ny, nz, new VoxelSpacing(0.8, 0.9, 2.5), affine, NiftiDatatype.Int16, values);
    }

    /// <summary>A label map 0 / 1 / 2 on a DICOM-style grid (x and y flipped).</summary>
    private static NiftiVolume Uint8LabelsLps()
    {
        const int nx = 7, ny = 6, nz = 3;
        var values = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                    values[x + nx * (y + ny * z)] = x >= 2 && x <= 4 && y >= 1 && y <= 3 ? (x == 3 && y == 2 ? 2 : 1) : 0;
        return new NiftiVolume(nx, ny, nz, new VoxelSpacing(0.7, 0.7, 1.5),
            Affine4x4.Diagonal(-0.7, -0.7, 1.5, 172.5, 180.25, -368), NiftiDatatype.UInt8, values);
    }

    /// <summary>float32 with special values and a sheared affine, which only the sform can hold.</summary>
    private static NiftiVolume Float32Sheared()
    {
        const int nx = 4, ny = 3, nz = 2;
        var values = new float[nx * ny * nz];
        for (int i = 0; i < values.Length; i++) values[i] = i * 0.1f - 1.05f;
        values[2] = float.NaN;
        values[3] = float.PositiveInfinity;
        values[4] = float.NegativeInfinity;
        values[5] = float.Epsilon;
        var affine = new Affine4x4([1, 0.3, 0, 5, 0, 1, 0, 6, 0, 0, 1, 7]);
        return new NiftiVolume(nx, ny, nz, new VoxelSpacing(1, 1.0440306508910551, 1), affine, NiftiDatatype.Float32, values);
    }

    /// <summary>uint16 with a slope and intercept, axes flipped so that qfac is -1.</summary>
    private static NiftiVolume Uint16ScaledFlipped()
    {
        const int nx = 3, ny = 4, nz = 5;
        var values = new float[nx * ny * nz];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(0.25 * (i * 977 % 65536) - 100);
        return new NiftiVolume(nx, ny, nz, new VoxelSpacing(2, 2, 3), Affine4x4.Diagonal(2, 2, -3, 1, 2, 3), NiftiDatatype.UInt16,
            values, scaleSlope: 0.25, scaleIntercept: -100);
    }
}
