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

    Mask Apply(Mask clean, ulong seed);
}

/// <summary>No noise: returns the mask as it is (the <c>clean</c> entry of a mix).</summary>
public sealed class NoNoise : ILabelNoise
{
    public string Name => "clean";

    public Mask Apply(Mask clean, ulong seed) => clean;
}
