namespace Remask.Core.Formats;

/// <summary>
/// The qform of NIfTI-1 (method 2): a rotation stored as the quaternion (b, c, d) with a = sqrt(1 - b² - c² - d²),
/// the voxel sizes pixdim[1..3], the handedness qfac (pixdim[0]) and an offset. Pure functions, both directions,
/// following the NIfTI-1 standard as nibabel implements it (quaternions.fillpositive / quat2mat / mat2quat).
/// </summary>
internal static class NiftiQuaternion
{
    /// <summary>How far below zero 1 - b² - c² - d² may be and still count as a = 0 (float32 rounding of b, c, d).</summary>
    private const double NegativeSquareTolerance = 3 * 1.1920929e-7;

    /// <summary>
    /// The affine of a qform. <paramref name="qfac"/> is -1 or 1 (it multiplies the third voxel size);
    /// <paramref name="voxelSizes"/> are used as given (callers pass positive sizes).
    /// Returns null when b² + c² + d² exceeds 1 (not a unit quaternion).
    /// </summary>
    public static Affine4x4? ToAffine(double b, double c, double d, double qfac,
        (double X, double Y, double Z) voxelSizes, (double X, double Y, double Z) offset)
    {
        double w2 = 1.0 - (b * b + c * c + d * d);
        double a;
        if (w2 >= 0) a = Math.Sqrt(w2);
        else if (w2 >= -NegativeSquareTolerance) a = 0;
        else return null;

        var r = RotationMatrix(a, b, c, d);
        double sx = voxelSizes.X, sy = voxelSizes.Y, sz = voxelSizes.Z * qfac;
        return new Affine4x4([
            r[0] * sx, r[1] * sy, r[2] * sz, offset.X,
            r[3] * sx, r[4] * sy, r[5] * sz, offset.Y,
            r[6] * sx, r[7] * sy, r[8] * sz, offset.Z]);
    }

    /// <summary>
    /// Rotation matrix (row-major 3x3) of the quaternion (a, b, c, d), normalised first
    /// (the identity for a quaternion of length zero).
    /// </summary>
    public static double[] RotationMatrix(double a, double b, double c, double d)
    {
        double n = a * a + b * b + c * c + d * d;
        if (n < 2.220446049250313e-16) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
        double s = 2.0 / n;
        double bs = b * s, cs = c * s, ds = d * s;
        double ab = a * bs, ac = a * cs, ad = a * ds;
        double bb = b * bs, bc = b * cs, bd = b * ds;
        double cc = c * cs, cd = c * ds, dd = d * ds;
        return [
            1 - (cc + dd), bc - ad, bd + ac,
            bc + ad, 1 - (bb + dd), cd - ab,
            bd - ac, cd + ab, 1 - (bb + cc)];
    }

    /// <summary>
    /// The qform parameters of an affine made only of rotation, voxel sizes, a possible flip of the third axis
    /// and translation. Returns null when the affine has shears (its columns are not orthogonal within
    /// <paramref name="tolerance"/>) or a zero column: such an affine can only be stored as an sform.
    /// </summary>
    public static QformParameters? FromAffine(Affine4x4 affine, double tolerance = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(affine);
        var zooms = new double[3];
        var r = new double[9];
        for (int col = 0; col < 3; col++)
        {
            zooms[col] = affine.AxisLength(col);
            if (!(zooms[col] > 0)) return null;
            for (int row = 0; row < 3; row++) r[row * 3 + col] = affine[row, col] / zooms[col];
        }
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        double qfac = 1;
        if (det < 0)
        {
            qfac = -1;
            r[2] = -r[2];
            r[5] = -r[5];
            r[8] = -r[8];
        }
        // Orthogonal columns, else this is not a rotation (unit length holds by construction).
        for (int p = 0; p < 3; p++)
            for (int q = p + 1; q < 3; q++)
            {
                double dot = r[p] * r[q] + r[3 + p] * r[3 + q] + r[6 + p] * r[6 + q];
                if (Math.Abs(dot) > tolerance) return null;
            }

        var (a, b, c, d) = QuaternionOf(r);
        if (a < 0) { a = -a; b = -b; c = -c; d = -d; }
        var t = affine.Translation;
        return new QformParameters(b, c, d, qfac, (zooms[0], zooms[1], zooms[2]), t);
    }

    /// <summary>Unit quaternion (a, b, c, d) of a rotation matrix (row-major 3x3), by the largest-diagonal method.</summary>
    private static (double A, double B, double C, double D) QuaternionOf(double[] r)
    {
        double r00 = r[0], r01 = r[1], r02 = r[2], r10 = r[3], r11 = r[4], r12 = r[5], r20 = r[6], r21 = r[7], r22 = r[8];
        double trace = r00 + r11 + r22;
        double a, b, c, d;
        if (trace > 0)
        {
            double s = 2 * Math.Sqrt(1 + trace);
            a = s / 4;
            b = (r21 - r12) / s;
            c = (r02 - r20) / s;
            d = (r10 - r01) / s;
        }
        else if (r00 > r11 && r00 > r22)
        {
            double s = 2 * Math.Sqrt(1 + r00 - r11 - r22);
            a = (r21 - r12) / s;
            b = s / 4;
            c = (r01 + r10) / s;
            d = (r02 + r20) / s;
        }
        else if (r11 > r22)
        {
            double s = 2 * Math.Sqrt(1 + r11 - r00 - r22);
            a = (r02 - r20) / s;
            b = (r01 + r10) / s;
            c = s / 4;
            d = (r12 + r21) / s;
        }
        else
        {
            double s = 2 * Math.Sqrt(1 + r22 - r00 - r11);
            a = (r10 - r01) / s;
            b = (r02 + r20) / s;
            c = (r12 + r21) / s;
            d = s / 4;
        }
        double n = Math.Sqrt(a * a + b * b + c * c + d * d);
        return (a / n, b / n, c / n, d / n);
    }
}

/// <summary>What a NIfTI-1 header stores for a qform: quaternion (b, c, d), qfac, voxel sizes and offset.</summary>
internal readonly record struct QformParameters(
    double B, double C, double D, double Qfac, (double X, double Y, double Z) VoxelSizes, (double X, double Y, double Z) Offset);
