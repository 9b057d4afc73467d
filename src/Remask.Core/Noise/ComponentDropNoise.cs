using Remask.Core.Imaging;
using Remask.Core.Morphology;

namespace Remask.Core.Noise;

/// <summary>
/// Parameters of <see cref="ComponentDropNoise"/>: a component counts as small when its area is at most
/// <see cref="MaxRelativeArea"/> times the area of the image's largest component; each small component is
/// dropped with probability <see cref="DropProbability"/>.
/// </summary>
public sealed record ComponentDropNoiseOptions(double MaxRelativeArea = 0.25, double DropProbability = 0.5)
{
    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: a relative area outside [0, 1) or a
    /// probability outside [0, 1].
    /// </summary>
    public void Validate()
    {
        if (!(MaxRelativeArea is >= 0 and < 1) || !(DropProbability is >= 0 and <= 1))
            throw new RemaskUsageException("component drop noise needs 0 <= relative area < 1 and 0 <= probability <= 1");
    }
}

/// <summary>Missed objects: small 8-connected components are dropped at random; the largest one always stays.</summary>
public sealed class ComponentDropNoise : ILabelNoise
{
    private readonly ComponentDropNoiseOptions _options;

    /// <param name="options">Which components count as small and how likely each is dropped; validated here.</param>
    public ComponentDropNoise(ComponentDropNoiseOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => "drop";

    /// <inheritdoc/>
    public Mask Apply(Mask clean, ulong seed)
    {
        var labels = ConnectedComponents.Label(clean, Connectivity.Eight);
        if (labels.Count <= 1) return clean;
        int largest = labels.Components.Max(c => c.Area);
        double limit = _options.MaxRelativeArea * largest;
        var random = new NoiseRandom(seed);
        var keep = new bool[labels.Count + 1];
        for (int l = 1; l <= labels.Count; l++)
        {
            bool small = labels.Components[l - 1].Area <= limit;
            bool drop = random.Chance(_options.DropProbability);   // drawn for every component, so one's fate does not shift the others'
            keep[l] = !(small && drop);
        }
        return ComponentFilters.Keep(labels, l => keep[l]);
    }
}
