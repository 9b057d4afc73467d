namespace Remask.Torch.Data;

/// <summary>
/// A batch ready for the network: <see cref="Images"/> is N x C x S x S and <see cref="Masks"/> N x 1 x S x S,
/// both row-major float arrays (masks 0 or 1). For evaluation batches <see cref="Masks"/> holds the clean masks
/// (null when the test set has none) and <see cref="NoisyMasks"/> the noisy ones.
/// </summary>
public sealed class Batch
{
    public required int[] Indices { get; init; }
    public required string[] Names { get; init; }
    public required int Channels { get; init; }
    public required int Size { get; init; }
    public required float[] Images { get; init; }
    public float[]? Masks { get; init; }
    public float[]? NoisyMasks { get; init; }

    /// <summary>Training batches: the symmetry of the square (<see cref="Training.Dihedral"/>, 0..7) applied to row k's
    /// image and mask; <c>Dihedral.Inverse</c> maps the row back to the image's own orientation. Null: no augmentation.</summary>
    public int[]? Transforms { get; init; }

    /// <summary>Original (width, height) of each image, before resizing to Size x Size.</summary>
    public required (int Width, int Height)[] OriginalSizes { get; init; }

    public int Count => Indices.Length;
    public long[] ImageShape => [Count, Channels, Size, Size];
    public long[] MaskShape => [Count, 1, Size, Size];
}
