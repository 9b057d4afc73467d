namespace Remask.Core.Uncertainty;

/// <summary>
/// Formula (1) of Redekop and Chernyavskiy in its general K-class form for one pixel:
/// U = (1/N) Σ_n [diag(p̂_n) - p̂_n p̂_nᵀ], with p̂_n the K-vector of class probabilities of sample n.
/// For one sigmoid output p̂_n = (1 - p_n, p_n) and U = (1/N) Σ_n p_n (1 - p_n) [[1, -1], [-1, 1]]: both diagonal
/// entries equal <see cref="UncertaintyMaps.Aleatoric"/>. Used to check that reduction; the maps use the reduced form.
/// </summary>
public static class AleatoricCovariance
{
    /// <summary>The K x K matrix U for one pixel.</summary>
    /// <param name="classProbabilities">N x K: sample n's class probabilities at offset n·K.</param>
    /// <param name="samples">N.</param>
    /// <param name="classes">K.</param>
    public static double[,] Of(ReadOnlySpan<float> classProbabilities, int samples, int classes)
    {
        if (samples < 1 || classes < 1 || classProbabilities.Length != samples * classes)
            throw new ArgumentException($"expected {samples} x {classes} probabilities, got {classProbabilities.Length}");
        var u = new double[classes, classes];
        for (int n = 0; n < samples; n++)
        {
            var p = classProbabilities.Slice(n * classes, classes);
            for (int i = 0; i < classes; i++)
                for (int j = 0; j < classes; j++)
                    u[i, j] += ((i == j ? p[i] : 0.0) - (double)p[i] * p[j]) / samples;
        }
        return u;
    }
}
