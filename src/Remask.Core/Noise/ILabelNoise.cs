using Remask.Core.Imaging;

namespace Remask.Core.Noise;

/// <summary>
/// A model of annotation error: turns a clean mask into a noisy one. Pure: the same mask and seed always give
/// the same result, and an empty mask stays empty.
/// </summary>
public interface ILabelNoise
{
    /// <summary>Short name, as on the command line (<c>poly3</c>, <c>dilate</c>, ...).</summary>
    string Name { get; }

    /// <summary>
    /// The noisy version of <paramref name="clean"/>: a mask of the same size, as this annotator would draw it.
    /// </summary>
    /// <param name="clean">The clean mask.</param>
    /// <param name="seed">Picks the noise: the same mask and seed always give the same result (per file:
    /// <see cref="NoiseRandom.SeedFor"/>).</param>
    Mask Apply(Mask clean, ulong seed);
}

/// <summary>No noise: returns the mask as it is (the <c>clean</c> entry of a mix).</summary>
public sealed class NoNoise : ILabelNoise
{
    /// <inheritdoc/>
    public string Name => "clean";

    /// <inheritdoc/>
    /// <remarks>Returns <paramref name="clean"/> itself.</remarks>
    public Mask Apply(Mask clean, ulong seed) => clean;
}
