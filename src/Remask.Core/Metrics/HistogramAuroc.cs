namespace Remask.Core.Metrics;

/// <summary>
/// Pixel AUROC pooled over many images in constant memory: scores in [0, <c>max</c>] are quantised to
/// <c>bins</c> levels, round(s / max · (bins - 1)) (values outside are clamped), and positive / negative pixels are
/// counted per level. <see cref="Value"/> is then the exact AUROC (ties count one half, as <see cref="Auroc"/>) of the
/// quantised scores; with 65536 levels these are the values of a 16-bit PNG map. NaN while one class is missing.
/// </summary>
public sealed class HistogramAuroc
{
    private readonly long[] _positives, _negatives;
    private readonly double _scale;

    /// <param name="max">The largest score (positive); higher scores fall in the top level.</param>
    /// <param name="bins">The number of levels, at least 2.</param>
    public HistogramAuroc(double max = 1.0, int bins = 65536)
    {
        if (!(max > 0) || bins < 2) throw new ArgumentOutOfRangeException(nameof(max), "max must be positive and bins at least 2");
        _positives = new long[bins];
        _negatives = new long[bins];
        _scale = (bins - 1) / max;
    }

    /// <summary>Positive pixels (truth non-zero) added so far.</summary>
    public long Positives { get; private set; }
    /// <summary>Negative pixels (truth 0) added so far.</summary>
    public long Negatives { get; private set; }

    /// <summary>
    /// Counts the pixels of one more image: each score, quantised, under positives where <paramref name="truth"/> is
    /// non-zero and under negatives where it is 0.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN.</exception>
    public void Add(ReadOnlySpan<float> scores, ReadOnlySpan<byte> truth)
    {
        if (scores.Length != truth.Length) throw new ArgumentException($"{scores.Length} scores but {truth.Length} truth values");
        int last = _positives.Length - 1;
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i])) throw new ArgumentException("scores must not be NaN");
            int bin = (int)Math.Clamp(Math.Round(scores[i] * _scale), 0, last);
            if (truth[i] != 0) { _positives[bin]++; Positives++; }
            else { _negatives[bin]++; Negatives++; }
        }
    }

    /// <summary>The AUROC of all the pixels added so far, in [0, 1]; NaN while one class has no pixel.</summary>
    public double Value
    {
        get
        {
            if (Positives == 0 || Negatives == 0) return double.NaN;
            double u = 0;
            long below = 0;
            for (int b = 0; b < _positives.Length; b++)
            {
                u += _positives[b] * (below + 0.5 * _negatives[b]);
                below += _negatives[b];
            }
            return u / ((double)Positives * Negatives);
        }
    }
}
