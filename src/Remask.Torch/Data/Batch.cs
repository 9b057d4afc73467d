namespace Remask.Torch.Data;

/// <summary>
/// A batch ready for the network: <see cref="Images"/> is N x C x S x S and <see cref="Masks"/> N x 1 x S x S,
/// both row-major float arrays (masks 0 or 1). For evaluation batches <see cref="Masks"/> holds the clean masks
/// (null when the test set has none) and <see cref="NoisyMasks"/> the noisy ones.
/// </summary>
public sealed class Batch
{
    /// <summary>Each row's index in the sample set it was read from.</summary>
    public required int[] Indices { get; init; }
    /// <summary>Each row's sample name.</summary>
    public required string[] Names { get; init; }
    /// <summary>C, the channels of every image.</summary>
    public required int Channels { get; init; }
    /// <summary>S: every image and mask is S x S, resized from its original size.</summary>
    public required int Size { get; init; }
    /// <summary>N x C x S x S image samples, row-major, as the network takes them.</summary>
    public required float[] Images { get; init; }
    /// <summary>
    /// N x 1 x S x S masks, 0 or 1: the training masks, or the clean masks of an evaluation batch (null without).
    /// </summary>
    public float[]? Masks { get; init; }
    /// <summary>N x 1 x S x S noisy masks, 0 or 1, of an evaluation batch (null without noisy test masks).</summary>
    public float[]? NoisyMasks { get; init; }

    /// <summary>Training batches: the symmetry of the square (<see cref="Training.Dihedral"/>, 0..7) applied to row k's
    /// image and mask; <c>Dihedral.Inverse</c> maps the row back to the image's own orientation. Null: no augmentation.</summary>
    public int[]? Transforms { get; init; }

    /// <summary>Original (width, height) of each image, before resizing to Size x Size.</summary>
    public required (int Width, int Height)[] OriginalSizes { get; init; }

    /// <summary>N, the number of rows (images).</summary>
    public int Count => Indices.Length;
    /// <summary>[N, C, S, S]: the shape of <see cref="Images"/> as a tensor.</summary>
    public long[] ImageShape => [Count, Channels, Size, Size];
    /// <summary>[N, 1, S, S]: the shape of <see cref="Masks"/> and <see cref="NoisyMasks"/> as tensors.</summary>
    public long[] MaskShape => [Count, 1, Size, Size];
}
