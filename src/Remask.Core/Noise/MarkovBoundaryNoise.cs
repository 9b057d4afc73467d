using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>
/// Parameters of <see cref="MarkovBoundaryNoise"/>.
/// </summary>
/// <param name="Patches">Number of patches per image; their centres are boundary pixels drawn uniformly, so larger objects get more.</param>
/// <param name="PatchRadiusFraction">Patch radius as a fraction of the equivalent radius sqrt(area / pi) of the component the centre lies on (at least 2 pixels).</param>
/// <param name="GrowProbability">The bias: the chance that a patch grows the object (otherwise it shrinks it).</param>
/// <param name="Steps">Number of Markov steps.</param>
/// <param name="FlipProbability">Per step, the chance that a front pixel inside the active part of a patch flips.</param>
public sealed record MarkovBoundaryNoiseOptions(
    int Patches = 6,
    double PatchRadiusFraction = 0.35,
    double GrowProbability = 0.5,
    int Steps = 6,
    double FlipProbability = 0.8)
{
    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: negative patches or steps, a patch radius
    /// fraction that is not positive, or a probability outside [0, 1].
    /// </summary>
    public void Validate()
    {
        if (Patches < 0 || Steps < 0) throw new RemaskUsageException("Markov noise needs patches >= 0 and steps >= 0");
        if (!(PatchRadiusFraction > 0)) throw new RemaskUsageException("Markov noise needs a patch radius fraction > 0");
        if (!(GrowProbability is >= 0 and <= 1) || !(FlipProbability is >= 0 and <= 1))
            throw new RemaskUsageException("Markov noise probabilities must lie in [0, 1]");
    }
}

/// <summary>
/// Spatially correlated, biased boundary noise after the Markov model of Yao et al. (ICLR 2023): the mask evolves
/// over a number of steps, each depending only on the previous mask. A few patches along the border are chosen,
/// each either growing or shrinking; at every step, within a random part of each patch (a disc about its centre
/// of 40-100 % of its radius), every front pixel flips with a fixed probability: for a growing patch, background
/// with a foreground 4-neighbour and at least 3 foreground 8-neighbours; for a shrinking patch, the same with the
/// roles swapped. The result: bumps and dents up to Steps pixels deep where the patches are, the rest of the
/// border untouched.
/// </summary>
public sealed class MarkovBoundaryNoise : ILabelNoise
{
    private readonly MarkovBoundaryNoiseOptions _options;

    /// <param name="options">The patches, their bias and the Markov steps; validated here.</param>
    public MarkovBoundaryNoise(MarkovBoundaryNoiseOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => "markov";

    /// <inheritdoc/>
    public Mask Apply(Mask clean, ulong seed)
    {
        int w = clean.Width, h = clean.Height;
        var labels = ConnectedComponents.Label(clean, Connectivity.Eight);
        var state = clean.ToArray();
        var border = new List<int>();
        for (int i = 0; i < state.Length; i++)
            if (state[i] != 0 && IsBorder(state, w, h, i, foreground: true)) border.Add(i);
        if (border.Count == 0) return clean;

        var random = new NoiseRandom(seed);
        var patches = new (int Cx, int Cy, int Radius, bool Grow)[_options.Patches];
        for (int p = 0; p < patches.Length; p++)
        {
            int centre = border[random.NextInt(border.Count)];
            int area = labels.Components[labels.Labels[centre] - 1].Area;
            int radius = Math.Max(2, (int)Math.Round(_options.PatchRadiusFraction * ComponentPixels.EquivalentRadius(area)));
            patches[p] = (centre % w, centre / w, radius, random.Chance(_options.GrowProbability));
        }

        var flips = new List<int>();
        for (int step = 0; step < _options.Steps; step++)
        {
            // All flips of a step are decided on the previous state, then applied together.
            flips.Clear();
            foreach (var (cx, cy, radius, grow) in patches)
            {
                // The active part of the patch shrinks and grows from step to step, so that the displacement is
                // deepest at the patch centre and tapers off toward its rim: a smooth bump or dent.
                double active = radius * random.Uniform(0.4, 1.0);
                double a2 = active * active;
                int r = (int)Math.Ceiling(active);
                for (int y = Math.Max(0, cy - r); y <= Math.Min(h - 1, cy + r); y++)
                    for (int x = Math.Max(0, cx - r); x <= Math.Min(w - 1, cx + r); x++)
                    {
                        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > a2) continue;
                        int i = y * w + x;
                        bool isForeground = state[i] != 0;
                        if (isForeground == grow) continue;   // grow flips background, shrink flips foreground
                        if (IsFront(state, w, h, x, y, isForeground) && random.Chance(_options.FlipProbability))
                            flips.Add(i);
                    }
            }
            foreach (int i in flips) state[i] = (byte)(state[i] ^ 1);
        }
        return new Mask(w, h, state);
    }

    /// <summary>
    /// A pixel on the moving front: a 4-neighbour of the other value, and at least 3 of its 8 neighbours of the
    /// other value (out of the image counts as neither). The second condition keeps the front from
    /// leaving single-pixel spikes and pits behind.
    /// </summary>
    private static bool IsFront(byte[] state, int w, int h, int x, int y, bool foreground)
    {
        if (!IsBorder(state, w, h, y * w + x, foreground)) return false;
        byte other = foreground ? (byte)0 : (byte)1;
        int count = 0;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                int nx = x + dx, ny = y + dy;
                if ((dx != 0 || dy != 0) && (uint)nx < (uint)w && (uint)ny < (uint)h && state[ny * w + nx] == other) count++;
            }
        return count >= 3;
    }

    /// <summary>True when pixel <paramref name="i"/> has a 4-neighbour inside the image of the other value.</summary>
    private static bool IsBorder(byte[] state, int w, int h, int i, bool foreground)
    {
        int x = i % w, y = i / w;
        byte other = foreground ? (byte)0 : (byte)1;
        return (x > 0 && state[i - 1] == other) || (x < w - 1 && state[i + 1] == other)
            || (y > 0 && state[i - w] == other) || (y < h - 1 && state[i + w] == other);
    }
}
