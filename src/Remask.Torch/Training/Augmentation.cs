namespace Remask.Torch.Training;

/// <summary>
/// Which random augmentations training applies. Flips and rotations draw one of the eight symmetries of the
/// square (<see cref="Dihedral"/>) per image and apply it to the image, its mask and nothing else;
/// intensity jitter (meant for CT) maps every sample v of an image to a * v + b with a drawn uniformly from
/// [1 - J, 1 + J] and b from [-J, J], where J = <see cref="IntensityJitter"/> (0 switches it off).
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Mirror each image left-right with probability 1/2.</summary>
    public bool Flips { get; init; } = true;
    /// <summary>Turn each image by 0, 1, 2 or 3 quarter turns, drawn uniformly.</summary>
    public bool Rotations { get; init; } = true;
    /// <summary>J in [0, 1): gain a in [1 - J, 1 + J], offset b in [-J, J] (0: off).</summary>
    public double IntensityJitter { get; init; }

    /// <summary>No augmentation: no flips, no rotations, no jitter.</summary>
    public static AugmentationOptions None { get; } = new() { Flips = false, Rotations = false, IntensityJitter = 0 };

    /// <summary>
    /// Throws <see cref="Core.RemaskUsageException"/> when <see cref="IntensityJitter"/> is outside [0, 1).
    /// </summary>
    public void Validate()
    {
        if (!(IntensityJitter >= 0 && IntensityJitter < 1))
            throw new Core.RemaskUsageException($"intensity jitter must be in [0, 1), got {IntensityJitter}");
    }
}

/// <summary>The augmentation drawn for one image: which symmetry and which intensity map.</summary>
internal readonly record struct AugmentationDraw(int Transform, float Gain, float Offset)
{
    public static AugmentationDraw Identity { get; } = new(0, 1f, 0f);

    /// <summary>The draw for sample <paramref name="index"/> in <paramref name="epoch"/>: a pure function of
    /// (seed, epoch, index), so it does not depend on threads, batch order or resumes.</summary>
    public static AugmentationDraw For(AugmentationOptions options, long seed, int epoch, int index)
    {
        var rng = new SeedSequence(seed, 0xA06, epoch, index);
        int turns = options.Rotations ? rng.NextInt(4) : 0;
        bool flip = options.Flips && rng.NextInt(2) == 1;
        int transform = turns + (flip ? 4 : 0);
        double j = options.IntensityJitter;
        float gain = 1f, offset = 0f;
        if (j > 0)
        {
            gain = (float)rng.NextDouble(1 - j, 1 + j);
            offset = (float)rng.NextDouble(-j, j);
        }
        return new AugmentationDraw(transform, gain, offset);
    }

    /// <summary>Applies the draw to a planar image (channels x side x side) in <paramref name="src"/>, writing <paramref name="dst"/>.</summary>
    public void ApplyToImage(ReadOnlySpan<float> src, Span<float> dst, int channels, int side)
    {
        int plane = side * side;
        for (int c = 0; c < channels; c++)
        {
            var d = dst.Slice(c * plane, plane);
            Dihedral.Apply(src.Slice(c * plane, plane), d, side, Transform);
            if (Gain != 1f || Offset != 0f)
                for (int i = 0; i < d.Length; i++) d[i] = d[i] * Gain + Offset;
        }
    }

    /// <summary>Applies the geometric part (never the intensity map) to a mask or weight plane.</summary>
    public void ApplyToPlane<T>(ReadOnlySpan<T> src, Span<T> dst, int side) => Dihedral.Apply(src, dst, side, Transform);
}
