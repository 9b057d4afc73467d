namespace Remask.Core.Relabeling.EpochRules;

/// <summary>
/// ADELE's learning curve (Liu et al., CVPR 2022): f(t) = a (1 − exp(−t^b / c)), a, b, c &gt; 0.
/// Slope: f'(t) = a · (b / c) · t^(b−1) · exp(−t^b / c).
/// </summary>
public sealed record SaturatingCurve(double A, double B, double C)
{
    /// <summary>f(t) = a (1 − exp(−t^b / c)): the fitted Dice at epoch <paramref name="t"/>.</summary>
    public double Value(double t) => A * (1 - Math.Exp(-Math.Pow(t, B) / C));

    /// <summary>
    /// f'(t) = a · (b / c) · t^(b−1) · exp(−t^b / c): the fitted curve's slope at epoch <paramref name="t"/>.
    /// </summary>
    public double Slope(double t) => A * (B / C) * Math.Pow(t, B - 1) * Math.Exp(-Math.Pow(t, B) / C);
}
