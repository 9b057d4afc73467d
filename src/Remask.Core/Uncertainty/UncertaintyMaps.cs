namespace Remask.Core.Uncertainty;

/// <summary>
/// Per-pixel uncertainty of one image from N sampled foreground probabilities (Monte Carlo dropout passes, test-time
/// augmentations, ensemble members). Every map is H x W, row-major, and in the frame of the stack it was computed from.
/// With p_n the n-th sample at a pixel and p̄ = (1/N) Σ_n p_n:
/// <list type="bullet">
/// <item><see cref="Mean"/>: p̄;</item>
/// <item><see cref="Aleatoric"/>: (1/N) Σ_n p_n (1 - p_n), the diagonal of formula (1) of Redekop and Chernyavskiy
/// for one sigmoid output (see <see cref="AleatoricCovariance"/> and docs/uncertainty.md); in [0, 0.25];</item>
/// <item><see cref="Epistemic"/>: (1/N) Σ_n (p_n - p̄)², the variance of the samples (population form); in [0, 0.25];</item>
/// <item><see cref="Entropy"/>: predictive entropy H(p̄) = -p̄ ln p̄ - (1 - p̄) ln(1 - p̄), in nats, in [0, ln 2];</item>
/// <item><see cref="MutualInformation"/>: BALD, H(p̄) - (1/N) Σ_n H(p_n), in [0, ln 2].</item>
/// </list>
/// Aleatoric + epistemic = p̄ (1 - p̄), the variance of the Bernoulli label under the mean prediction.
/// </summary>
/// <param name="Width">W.</param>
/// <param name="Height">H.</param>
/// <param name="Mean">p̄, the mean foreground probability, in [0, 1].</param>
/// <param name="Aleatoric">(1/N) Σ_n p_n (1 - p_n), in [0, 0.25].</param>
/// <param name="Epistemic">(1/N) Σ_n (p_n - p̄)², in [0, 0.25].</param>
/// <param name="Entropy">H(p̄) in nats, in [0, ln 2].</param>
/// <param name="MutualInformation">H(p̄) - (1/N) Σ_n H(p_n) (BALD), in [0, ln 2].</param>
public sealed record UncertaintyMaps(int Width, int Height, float[] Mean, float[] Aleatoric, float[] Epistemic, float[] Entropy, float[] MutualInformation)
{
    /// <summary>
    /// Computes all maps from a stack of N x H x W probabilities (sample n at offset n·H·W, row-major).
    /// Sums run in double precision.
    /// </summary>
    /// <param name="stack">N x H x W probabilities, each in [0, 1].</param>
    /// <param name="samples">N, at least 1 (with N = 1 the epistemic map and mutual information are 0).</param>
    /// <param name="width">W.</param>
    /// <param name="height">H.</param>
    /// <exception cref="ArgumentException">the stack does not hold N·H·W values, or a value is outside [0, 1] or NaN.</exception>
    public static UncertaintyMaps Compute(ReadOnlySpan<float> stack, int samples, int width, int height)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), "at least one sample");
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "width and height must be positive");
        int plane = width * height;
        if (stack.Length != (long)samples * plane)
            throw new ArgumentException($"the stack holds {stack.Length} values, expected {samples} x {height} x {width}");
        var mean = new float[plane];
        var aleatoric = new float[plane];
        var epistemic = new float[plane];
        var entropy = new float[plane];
        var mi = new float[plane];
        for (int i = 0; i < plane; i++)
        {
            double sum = 0, sumSq = 0, sumH = 0;
            for (int n = 0; n < samples; n++)
            {
                float p = stack[n * plane + i];
                if (!(p >= 0f && p <= 1f)) throw new ArgumentException($"probability {p} at sample {n}, pixel {i} is outside [0, 1]");
                sum += p;
                sumSq += (double)p * p;
                sumH += BinaryEntropy(p);
            }
            double m = sum / samples;
            double a = (sum - sumSq) / samples;                     // mean of p (1 - p)
            double v = Math.Max(0, sumSq / samples - m * m);        // variance (never negative after rounding)
            double h = BinaryEntropy(m);
            mean[i] = (float)m;
            aleatoric[i] = (float)a;
            epistemic[i] = (float)v;
            entropy[i] = (float)h;
            mi[i] = (float)Math.Max(0, h - sumH / samples);        // Jensen: H(mean) >= mean H
        }
        return new UncertaintyMaps(width, height, mean, aleatoric, epistemic, entropy, mi);
    }

    /// <summary>The map of one kind by name (for writers and reports that loop over kinds).</summary>
    public float[] Of(UncertaintyKind kind) => kind switch
    {
        UncertaintyKind.Mean => Mean,
        UncertaintyKind.Aleatoric => Aleatoric,
        UncertaintyKind.Epistemic => Epistemic,
        UncertaintyKind.Entropy => Entropy,
        UncertaintyKind.MutualInformation => MutualInformation,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>H(p) = -p ln p - (1 - p) ln(1 - p) in nats, with 0 ln 0 = 0.</summary>
    public static double BinaryEntropy(double p)
    {
        double h = 0;
        if (p > 0) h -= p * Math.Log(p);
        if (p < 1) h -= (1 - p) * Math.Log(1 - p);
        return h;
    }
}

/// <summary>The maps of <see cref="UncertaintyMaps"/>.</summary>
public enum UncertaintyKind
{
    /// <summary><see cref="UncertaintyMaps.Mean"/>: the mean foreground probability p̄.</summary>
    Mean,
    /// <summary><see cref="UncertaintyMaps.Aleatoric"/>: (1/N) Σ_n p_n (1 - p_n).</summary>
    Aleatoric,
    /// <summary><see cref="UncertaintyMaps.Epistemic"/>: the variance of the samples.</summary>
    Epistemic,
    /// <summary><see cref="UncertaintyMaps.Entropy"/>: the predictive entropy H(p̄), in nats.</summary>
    Entropy,
    /// <summary><see cref="UncertaintyMaps.MutualInformation"/>: BALD, H(p̄) - (1/N) Σ_n H(p_n).</summary>
    MutualInformation,
}
