using Remask.Core.Imaging;

namespace Remask.Torch.Inference;

/// <summary>
/// Maps maps computed at the training size (S x S) back to an image's own size (bilinear, the inverse of the
/// resize <see cref="Data.BatchAssembler"/> applies), so that they line up with the original pixels.
/// </summary>
public static class OriginalSize
{
    /// <summary>One S x S plane to width x height.</summary>
    public static float[] Plane(ReadOnlySpan<float> plane, int size, int width, int height)
    {
        if (plane.Length != size * size) throw new ArgumentException($"expected {size} x {size} values, got {plane.Length}");
        if (width == size && height == size) return plane.ToArray();
        return Resize.Bilinear(new Image(size, size, 1, plane.ToArray()), width, height).ToArray();
    }

    /// <summary>A stack of N planes of S x S (plane n at offset n·S·S) to N planes of width x height.</summary>
    public static float[] Stack(ReadOnlySpan<float> stack, int samples, int size, int width, int height)
    {
        int small = size * size, large = width * height;
        if (stack.Length != samples * small) throw new ArgumentException($"expected {samples} x {size} x {size} values, got {stack.Length}");
        var result = new float[samples * large];
        for (int n = 0; n < samples; n++)
            Plane(stack.Slice(n * small, small), size, width, height).CopyTo(result.AsSpan(n * large, large));
        return result;
    }
}
