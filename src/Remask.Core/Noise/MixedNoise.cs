using Remask.Core.Imaging;

namespace Remask.Core.Noise;

/// <summary>
/// A mix of annotators: for each mask, one model is picked with probability proportional to its weight, then
/// applied. The pick and the model's own randomness both come from the mask's seed.
/// </summary>
public sealed class MixedNoise : ILabelNoise
{
    private readonly (ILabelNoise Noise, double Weight)[] _entries;
    private readonly double _total;

    /// <param name="entries">The models and their weights: finite, 0 or more, not all 0; no need to sum to 1.</param>
    /// <exception cref="RemaskUsageException">No entries, a weight out of range, or all weights 0.</exception>
    public MixedNoise(IEnumerable<(ILabelNoise Noise, double Weight)> entries)
    {
        _entries = entries.ToArray();
        if (_entries.Length == 0) throw new RemaskUsageException("a noise mix needs at least one model");
        foreach (var (noise, weight) in _entries)
            if (!(weight >= 0) || double.IsInfinity(weight)) throw new RemaskUsageException($"the weight of '{noise.Name}' in the mix must be a number >= 0");
        _total = _entries.Sum(e => e.Weight);
        if (!(_total > 0)) throw new RemaskUsageException("the weights of a noise mix must not all be 0");
    }

    /// <summary>The models and their weights, as given (not normalised).</summary>
    public IReadOnlyList<(ILabelNoise Noise, double Weight)> Entries => _entries;

    /// <inheritdoc/>
    public string Name => "mix";

    /// <summary>The model used for a given seed.</summary>
    public ILabelNoise Pick(ulong seed)
    {
        double u = NoiseRandom.For(seed, 0x4D4958UL).NextDouble() * _total;
        foreach (var (noise, weight) in _entries)
        {
            if (u < weight) return noise;
            u -= weight;
        }
        return _entries.Last(e => e.Weight > 0).Noise;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The model <see cref="Pick"/>(<paramref name="seed"/>), applied with a seed of its own drawn from
    /// <paramref name="seed"/>.
    /// </remarks>
    public Mask Apply(Mask clean, ulong seed) => Pick(seed).Apply(clean, NoiseRandom.For(seed, 1).NextUInt64());
}
