using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

public class NiftiQuaternionTests
{
    [Fact]
    public void ZeroQuaternionIsTheIdentityRotationScaledByTheVoxelSizes()
    {
        var a = NiftiQuaternion.ToAffine(0, 0, 0, 1, (2, 3, 4), (5, 6, 7))!;
        Assert.Equal(Affine4x4.Diagonal(2, 3, 4, 5, 6, 7), a);
    }

    [Fact]
    public void NinetyDegreesAboutZWithFlippedThirdAxis()
    {
        // b = c = 0, d = sin(45°): rotation by 90° about z maps x -> y and y -> -x; qfac -1 negates the third column.
        double d = Math.Sqrt(0.5);
        var a = NiftiQuaternion.ToAffine(0, 0, d, -1, (1.5, 2, 3), (0, 0, 0))!;
        double[,] expected = { { 0, -2, 0, 0 }, { 1.5, 0, 0, 0 }, { 0, 0, -3, 0 }, { 0, 0, 0, 1 } };
        Assert.True(Affine4x4.FromRows(expected).ApproximatelyEquals(a, 1e-12), a.ToString());
    }

    [Fact]
    public void HalfTurnAboutXHasZeroA()
    {
        // b = 1: a = 0, the rotation diag(1, -1, -1).
        var a = NiftiQuaternion.ToAffine(1, 0, 0, 1, (1, 1, 1), (0, 0, 0))!;
        Assert.True(Affine4x4.Diagonal(1, -1, -1).ApproximatelyEquals(a, 1e-12), a.ToString());
    }

    [Fact]
    public void QuaternionLongerThanOneHasNoAffine() =>
        Assert.Null(NiftiQuaternion.ToAffine(0.8, 0.8, 0, 1, (1, 1, 1), (0, 0, 0)));

    [Fact]
    public void RotationMatrixIsOrthonormalWithDeterminantOne()
    {
        var r = NiftiQuaternion.RotationMatrix(0.3, -0.5, 0.7, 0.1); // not normalised on purpose
        for (int p = 0; p < 3; p++)
            for (int q = 0; q < 3; q++)
            {
                double dot = r[p] * r[q] + r[3 + p] * r[3 + q] + r[6 + p] * r[6 + q];
                Assert.Equal(p == q ? 1 : 0, dot, 12);
            }
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
        Assert.Equal(1, det, 12);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.0, 0.0, 1.0, true)]
    [InlineData(1.0, 2.0, 3.0, false)]
    [InlineData(3.0, -1.0, 0.5, true)]
    [InlineData(Math.PI, 0.0, 0.0, false)]
    [InlineData(0.0, Math.PI, 0.0, true)]
    [InlineData(0.0, 0.0, Math.PI, false)]
    [InlineData(Math.PI / 2, Math.PI / 2, 0.0, true)]
    public void FromAffineThenToAffineGivesTheAffineBack(double rx, double ry, double rz, bool flipThird)
    {
        var rot = Multiply(Multiply(RotZ(rz), RotY(ry)), RotX(rx));
        double[] sizes = [0.7, 1.3, flipThird ? -2.5 : 2.5];
        var top = new double[12];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++) top[row * 4 + col] = rot[row * 3 + col] * sizes[col];
            top[row * 4 + 3] = 10 * row - 4;
        }
        var affine = new Affine4x4(top);

        var q = NiftiQuaternion.FromAffine(affine);
        Assert.NotNull(q);
        Assert.Equal(flipThird ? -1 : 1, q.Value.Qfac);
        Assert.Equal(0.7, q.Value.VoxelSizes.X, 12);
        Assert.Equal(2.5, q.Value.VoxelSizes.Z, 12);
        Assert.True(q.Value.B * q.Value.B + q.Value.C * q.Value.C + q.Value.D * q.Value.D <= 1 + 1e-12);
        var back = NiftiQuaternion.ToAffine(q.Value.B, q.Value.C, q.Value.D, q.Value.Qfac, q.Value.VoxelSizes, q.Value.Offset)!;
        Assert.True(affine.ApproximatelyEquals(back, 1e-10), $"{affine} vs {back}");
    }

    [Fact]
    public void ShearHasNoQform() =>
        Assert.Null(NiftiQuaternion.FromAffine(new Affine4x4([1, 0.3, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])));

    [Fact]
    public void ZeroColumnHasNoQform() =>
        Assert.Null(NiftiQuaternion.FromAffine(new Affine4x4([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0])));

    private static double[] RotX(double t) => [1, 0, 0, 0, Math.Cos(t), -Math.Sin(t), 0, Math.Sin(t), Math.Cos(t)];
    private static double[] RotY(double t) => [Math.Cos(t), 0, Math.Sin(t), 0, 1, 0, -Math.Sin(t), 0, Math.Cos(t)];
    private static double[] RotZ(double t) => [Math.Cos(t), -Math.Sin(t), 0, Math.Sin(t), Math.Cos(t), 0, 0, 0, 1];

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++)
                    m[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
        return m;
    }
}
