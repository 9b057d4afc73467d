namespace Remask.Core.Relabeling;

/// <summary>
/// The background floor of a probability map, and the threshold it gives for growing a label
/// (<see cref="RelabelSettings.FloorMargin"/>).
/// <para>
/// A network trained for a few epochs on masks that systematically miss part of the object (polygons inscribed in a
/// lesion, say) hedges: far from the object it does not predict 0 but a flat level b (0.2 to 0.35 on synth-derm's
/// fold models), and the parts of the object the masks miss lie between b and 0.5, above the background by a step.
/// Their pixels are where the network learnt the object's appearance but was told "background" often enough to stay
/// below 0.5, so the 0.5 threshold cannot return them. The floor puts the threshold for growing just above the
/// background level the map itself shows:
/// </para>
/// <code>
///   A     = y ∪ [p ≥ 0.5]                     (label or prediction)
///   far   = { x : d(x, A) &gt; R }              (Euclidean distance, the digital disk of radius R)
///   b     = median { p(x) : x ∈ far }         (the mean of the two middle values for an even count, as numpy.median)
///   t     = min(0.5, b + m)
/// </code>
/// <para>
/// t is 0.5 (no change from the plain rule) when <c>far</c> holds fewer than <see cref="MinPixels"/> pixels or
/// under 5 % of the image: an object that fills the image leaves no background to measure. A network that is sure of
/// its background (b ≈ 0) gets t ≈ m, and its soft boundary band (m ≤ p &lt; 0.5, a pixel or two wide) is what the
/// region policy's opening removes. Maps are row-major, width x height; y holds 0/1, p lies in [0, 1].
/// </para>
/// <para>
/// The floor's premise is that what lies between b and 0.5 next to the label is the object's missed part: a fringe
/// of it, no bigger than what the label and the prediction already mark. <see cref="Reach"/> tests it: a growth G
/// whose part farther than R from A outnumbers A itself, |G ∩ far| &gt; |A|, is not a missed fringe but a second,
/// larger structure the network hedges on (a synth-ct-hard fold model that put the whole body at 0.46 around a liver
/// at 0.9, over air at 0.30, grew the liver's masks into the body), and <see cref="FlipSet.GrowThreshold"/> then grows
/// no further than the plain rule.
/// </para>
/// </summary>
public static class BackgroundFloor
{
    /// <summary>The fewest far pixels the floor is measured on.</summary>
    public const int MinPixels = 32;

    /// <summary>The largest <see cref="Reach"/> of a growth the floor's premise allows: its far part may not outnumber A.</summary>
    public const double MaxReach = 1.0;

    /// <summary>b, or null when too few pixels lie farther than <paramref name="radius"/> from the label and the prediction.</summary>
    public static double? Level(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height, int radius) =>
        Measure(label, meanProb, width, height, radius).Level;

    /// <summary>b (null as in <see cref="Level"/>), the pixels within <paramref name="radius"/> of A = y ∪ [p ≥ 0.5],
    /// and |A|: what <see cref="ReachFrom"/> needs, so that the dilation runs once.</summary>
    internal static (double? Level, byte[] Near, long Occupied) Measure(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height, int radius)
    {
        RelabelInput.CheckLength(label.Length, width, height, "label");
        RelabelInput.CheckLength(meanProb.Length, width, height, "mean probability");
        if (radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), radius, "the floor radius must be 0 or more");
        var a = new byte[label.Length];
        long occupied = 0;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)(label[i] != 0 || meanProb[i] >= 0.5f ? 1 : 0);
            occupied += a[i];
        }
        byte[] near = DiskStamping.Dilate(a, width, height, radius);
        int count = 0;
        for (int i = 0; i < near.Length; i++) count += 1 - near[i];
        if (count < MinPixels || count < 0.05 * label.Length) return (null, near, occupied);
        var values = new float[count];
        for (int i = 0, k = 0; i < near.Length; i++)
            if (near[i] == 0) values[k++] = meanProb[i];
        return (Median(values), near, occupied);
    }

    /// <summary>
    /// |G ∩ far| / |A|: how far a growth <paramref name="growth"/> (0/1, pixels turned to foreground) reaches beyond
    /// what the label and the prediction mark, A = y ∪ [p ≥ 0.5], against A's size; 0 when A is empty.
    /// </summary>
    public static double Reach(ReadOnlySpan<byte> growth, ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height, int radius)
    {
        RelabelInput.CheckLength(growth.Length, width, height, "growth");
        var (_, near, occupied) = Measure(label, meanProb, width, height, radius);
        return ReachFrom(growth, near, occupied);
    }

    /// <summary><see cref="Reach"/> from <see cref="Measure"/>'s near pixels and |A|.</summary>
    internal static double ReachFrom(ReadOnlySpan<byte> growth, byte[] near, long occupied)
    {
        long far = 0;
        for (int i = 0; i < near.Length; i++) far += growth[i] & (1 - near[i]);
        return occupied == 0 ? 0 : (double)far / occupied;
    }

    /// <summary>t = min(0.5, b + <paramref name="margin"/>), or 0.5 when the floor cannot be measured (<see cref="Level"/>).</summary>
    public static float GrowThreshold(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, int width, int height, int radius, double margin) =>
        Threshold(Level(label, meanProb, width, height, radius), margin);

    /// <summary>t = min(0.5, b + <paramref name="margin"/>) from a measured level, 0.5 without one.</summary>
    internal static float Threshold(double? level, double margin)
    {
        if (!(margin >= 0 && margin <= 0.5)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "the floor margin must lie in [0, 0.5]");
        return level is double b ? (float)Math.Min(0.5, b + margin) : 0.5f;
    }

    /// <summary>The median of <paramref name="values"/> (reordered in place): the middle value, or the mean of the two
    /// middle values. Selection (Hoare's, median-of-three pivot), linear on average, so a 512 x 512 map costs about
    /// a millisecond where sorting it would cost ten.</summary>
    internal static double Median(float[] values)
    {
        if (values.Length == 0) throw new ArgumentException("the median of no values");
        int n = values.Length;
        float upper = Select(values, n / 2);
        if (n % 2 == 1) return upper;
        // After selecting rank n/2, every value left of it is ≤ it: the lower middle is their maximum.
        float lower = values[0];
        for (int i = 1; i < n / 2; i++) lower = Math.Max(lower, values[i]);
        return 0.5 * ((double)lower + upper);
    }

    /// <summary>The value of rank <paramref name="k"/> (0-based) of <paramref name="a"/>, which it partially orders:
    /// afterwards a[i] ≤ a[k] for i &lt; k and a[i] ≥ a[k] for i &gt; k.</summary>
    private static float Select(float[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            // Median of three as the pivot, so sorted and constant runs stay linear.
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            float pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return a[k];
        }
        return a[k];
    }
}
