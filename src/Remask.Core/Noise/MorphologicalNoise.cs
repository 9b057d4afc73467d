using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>Which way <see cref="MorphologicalNoise"/> moves the border.</summary>
public enum BorderShift
{
    /// <summary>Dilation: over-segmentation.</summary>
    Grow,
    /// <summary>Erosion: under-segmentation.</summary>
    Shrink,
    /// <summary>Grow or shrink, a fair coin per component.</summary>
    Either,
}

/// <summary>
/// Parameters of <see cref="MorphologicalNoise"/>. The radius of each component is drawn uniformly from
/// [<see cref="MinRadius"/>, <see cref="MaxRadius"/>]: in pixels (rounded to an integer) when
/// <see cref="RelativeToObject"/> is false; as a fraction of the component's equivalent radius sqrt(area / pi)
/// when it is true (ADELE's noise is sized to the object this way), rounded and at least
/// <see cref="MinimumPixels"/>.
/// </summary>
public sealed record MorphologicalNoiseOptions(
    BorderShift Shift,
    double MinRadius = 0.05,
    double MaxRadius = 0.20,
    bool RelativeToObject = true,
    int MinimumPixels = 1)
{
    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: 0 &lt;= <see cref="MinRadius"/> &lt;=
    /// <see cref="MaxRadius"/> must hold and <see cref="MinimumPixels"/> must be 0 or more.
    /// </summary>
    public void Validate()
    {
        if (!(MinRadius >= 0) || !(MaxRadius >= MinRadius))
            throw new RemaskUsageException($"the noise radius range [{MinRadius}, {MaxRadius}] must satisfy 0 <= min <= max");
        if (MinimumPixels < 0) throw new RemaskUsageException("the minimum noise radius must be 0 or more pixels");
    }
}

/// <summary>
/// Over- or under-segmentation: each 8-connected component is dilated or eroded on its own by a disk of random
/// radius (<see cref="MorphologicalNoiseOptions"/>), and the results are united. Erosion can remove a thin
/// component entirely, as a hurried annotator may miss it.
/// </summary>
public sealed class MorphologicalNoise : ILabelNoise
{
    private readonly MorphologicalNoiseOptions _options;

    /// <param name="options">The direction and the radius range; validated here.</param>
    public MorphologicalNoise(MorphologicalNoiseOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc/>
    /// <remarks>"dilate", "erode" or "dilate-or-erode", by <see cref="MorphologicalNoiseOptions.Shift"/>.</remarks>
    public string Name => _options.Shift switch { BorderShift.Grow => "dilate", BorderShift.Shrink => "erode", _ => "dilate-or-erode" };

    /// <inheritdoc/>
    public Mask Apply(Mask clean, ulong seed)
    {
        var labels = ConnectedComponents.Label(clean, Connectivity.Eight);
        var output = new byte[clean.Length];
        for (int i = 0; i < labels.Count; i++)
        {
            ComponentInfo c = labels.Components[i];
            var random = NoiseRandom.For(seed, (ulong)i);
            bool grow = _options.Shift switch { BorderShift.Grow => true, BorderShift.Shrink => false, _ => random.Chance(0.5) };
            int radius = Radius(c.Area, random);
            // A margin of radius + 1 around the component keeps the crop's edge out of reach of the disk, so the
            // crop gives the same result as the full image would.
            var box = ComponentPixels.Box(c, radius + 1, clean.Width, clean.Height);
            byte[] crop = ComponentPixels.Crop(labels, c.Label, box);
            var result = new byte[crop.Length];
            if (grow) DiskMorphology.Dilate(crop, box.Width, box.Height, radius, result);
            else DiskMorphology.Erode(crop, box.Width, box.Height, radius, result);
            ComponentPixels.Paste(result, box, output, clean.Width);
        }
        return new Mask(clean.Width, clean.Height, output);
    }

    private int Radius(int area, NoiseRandom random)
    {
        double r = random.Uniform(_options.MinRadius, _options.MaxRadius);
        if (_options.RelativeToObject) r *= ComponentPixels.EquivalentRadius(area);
        return Math.Max(_options.MinimumPixels, (int)Math.Round(r));
    }
}
