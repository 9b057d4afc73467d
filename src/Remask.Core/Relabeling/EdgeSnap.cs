using Remask.Core.Graphs;
using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// Moves a repaired mask's outline onto the image's edges, within a band around it: a graph cut on the image
/// (Boykov and Jolly, ICCV 2001; the refinement step of GrabCut), with the model's probability as the data term.
/// <para>
/// Seen on cross-fitted relabeling (docs/relabeling.md, "Snapping to edges"): fold models stopped after a few epochs
/// on masks drawn inside the object return the object's body but stop one to three pixels short of its edge, so
/// repaired synth-ct masks missed a band of a quarter of the object. Where the object has an edge, the image knows
/// where it is; this step asks it.
/// </para>
/// <code>
///   B       = { x : the distance from x to the outline of m is at most R }   (on either side; R = radius)
///   q(x)    = σ( logit p(x) − logit t )                 (q = 0.5 where p = t, the level the mask was cut at)
///   U_x(1)  = −ln q(x),  U_x(0) = −ln(1 − q(x))         for x ∈ B; outside B, x keeps m(x)
///   w_xy    = γ exp( −β ‖I(x) − I(y)‖² ),  β = 1 / (2 ⟨‖I(x) − I(y)‖²⟩)   over 4-neighbours, all channels
///   m'      = argmin Σ_x U_x(l_x) + Σ_(x,y) w_xy [l_x ≠ l_y],   then hole filling
/// </code>
/// <para>
/// β is the image's own contrast scale (the mean over all 4-neighbour pairs), so a cut along a strong edge costs
/// nearly nothing and one through flat texture costs γ per pixel of outline. The minimum is exact (<see cref="MinCut"/>).
/// Inputs are row-major, width x height: m (0/1), p in [0, 1]; the image is planar (channel, row, column).
/// </para>
/// </summary>
public static class EdgeSnap
{
    private const float ProbabilityClamp = 1e-4f;

    /// <summary>
    /// The level t at which to snap one relabeled image, or null to leave it as the flips made it. Null unless
    /// <paramref name="settings"/> snap (<see cref="RelabelSettings.SnapRadius"/>, region policy) and the image shows that
    /// its label is wrong by a region: the region policy's plain flips S = open_r(ŷ ≠ y, |p − 0.5| ≥ m) [∧ U &gt; δ],
    /// without the floor's growth, are not empty and hold at least <see cref="RelabelSettings.FloorEvidence"/> · |y|
    /// pixels. On a nearly right mask a snap would only move right outlines (and leak into neighbours of similar
    /// intensity), so it is not asked. t is the level the repaired outline was cut at: <paramref name="growAt"/> (at
    /// most 0.5) where S's additions alone meet that share (the floor grew the label), else 0.5.
    /// </summary>
    public static double? Level(RelabelSettings settings, ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty,
        double? delta, double growAt, int width, int height)
    {
        if (settings.SnapRadius is null || settings.Policy != FlipPolicy.Region) return null;
        FlipSet.Compute(label, meanProb, uncertainty, width, height, settings with { FloorMargin = null, MinComponent = 0 }, delta,
            growAt: null, growth: null, out var plain);
        return Level(settings, plain, growAt);
    }

    /// <summary>The same from the plain flips' counts that the relabel already made (<see cref="RelabelOutcome"/>), without
    /// computing the flips again.</summary>
    internal static double? Level(RelabelSettings settings, FlipSet.PlainFlips plain, double growAt)
    {
        if (settings.SnapRadius is null || settings.Policy != FlipPolicy.Region) return null;
        if (!settings.MeetsEvidence(plain.Changed, plain.Labelled)) return null;
        return settings.MeetsEvidence(plain.Added, plain.Labelled) ? Math.Min(growAt, 0.5) : 0.5;
    }

    /// <summary>m' for mask <paramref name="mask"/>, probability <paramref name="meanProb"/> cut at <paramref name="level"/>
    /// (0 &lt; t &lt; 1), image <paramref name="image"/> of the mask's size, band radius <paramref name="radius"/> and
    /// pairwise weight <paramref name="weight"/> γ.</summary>
    public static byte[] Snap(ReadOnlySpan<byte> mask, ReadOnlySpan<float> meanProb, double level, Imaging.Image image, int radius, double weight)
    {
        int width = image.Width, height = image.Height, n = width * height;
        RelabelInput.CheckLabel(mask, width, height);
        RelabelInput.CheckUnit(meanProb, width, height, "mean probability");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), $"the cut level must lie in (0, 1), got {level}");
        if (radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), $"the band radius must be 0 or more, got {radius}");
        if (!(weight >= 0) || double.IsInfinity(weight)) throw new ArgumentOutOfRangeException(nameof(weight), $"the edge weight must be finite and 0 or more, got {weight}");

        byte[] band = Band(mask, width, height, radius);
        var index = new int[n];
        int nodes = 0;
        for (int i = 0; i < n; i++) index[i] = band[i] != 0 ? nodes++ : -1;
        var result = mask.ToArray();
        if (nodes == 0) return result;

        double beta = Beta(image);
        double logitLevel = Math.Log(level / (1 - level));
        var cut = new MinCut(nodes);
        for (int i = 0; i < n; i++)
        {
            if (index[i] < 0) continue;
            double p = Math.Clamp(meanProb[i], ProbabilityClamp, 1 - ProbabilityClamp);
            double z = Math.Log(p / (1 - p)) - logitLevel;
            // −ln q = softplus(−z), −ln(1 − q) = softplus(z): the source capacity is the cost of label 0.
            cut.AddTerminal(index[i], Softplus(z), Softplus(-z));
        }
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (x + 1 < width) Pair(cut, index, mask, image, beta, weight, i, i + 1);
                if (y + 1 < height) Pair(cut, index, mask, image, beta, weight, i, i + width);
            }
        var (_, sourceSide) = cut.Solve();
        for (int i = 0; i < n; i++)
            if (index[i] >= 0) result[i] = sourceSide[index[i]] ? (byte)1 : (byte)0;
        var filled = new byte[n];
        HoleFilling.Fill(result, width, height, filled);
        return filled;
    }

    /// <summary>The pixels within Euclidean distance <paramref name="radius"/> of the mask's outline, inside or outside:
    /// the foreground within the radius of the background and the background within the radius of the foreground.</summary>
    internal static byte[] Band(ReadOnlySpan<byte> mask, int width, int height, int radius)
    {
        var inverse = new byte[mask.Length];
        for (int i = 0; i < mask.Length; i++) inverse[i] = (byte)(1 - mask[i]);
        byte[] grown = DiskStamping.Dilate(mask, width, height, radius);
        byte[] shrunkBack = DiskStamping.Dilate(inverse, width, height, radius);
        var band = new byte[mask.Length];
        for (int i = 0; i < band.Length; i++)
            band[i] = (byte)(mask[i] != 0 ? shrunkBack[i] : grown[i]);
        return band;
    }

    /// <summary>β = 1 / (2 mean ‖I(x) − I(y)‖²) over the 4-neighbour pairs (0 for a flat image: every pair then weighs γ).</summary>
    internal static double Beta(Imaging.Image image)
    {
        int width = image.Width, height = image.Height;
        double sum = 0;
        long pairs = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                if (x + 1 < width) { sum += Distance(image, i, i + 1); pairs++; }
                if (y + 1 < height) { sum += Distance(image, i, i + width); pairs++; }
            }
        return pairs == 0 || sum == 0 ? 0 : pairs / (2 * sum);
    }

    private static void Pair(MinCut cut, int[] index, ReadOnlySpan<byte> mask, Imaging.Image image, double beta, double weight, int a, int b)
    {
        int ia = index[a], ib = index[b];
        if (ia < 0 && ib < 0) return;
        double w = weight * Math.Exp(-beta * Distance(image, a, b));
        if (ia >= 0 && ib >= 0) { cut.AddEdge(ia, ib, w, w); return; }
        // One end is fixed: disagreeing with it costs w, a unary term of the free end.
        int free = ia >= 0 ? ia : ib;
        bool fixedForeground = mask[ia >= 0 ? b : a] != 0;
        if (fixedForeground) cut.AddTerminal(free, w, 0);
        else cut.AddTerminal(free, 0, w);
    }

    internal static double Distance(Imaging.Image image, int a, int b)
    {
        ReadOnlySpan<float> data = image.Data;
        int plane = image.Width * image.Height;
        double d = 0;
        for (int c = 0; c < image.Channels; c++)
        {
            double diff = data[c * plane + a] - data[c * plane + b];
            d += diff * diff;
        }
        return d;
    }

    /// <summary>ln(1 + e^z), without overflow.</summary>
    private static double Softplus(double z) => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
}
