using Remask.Core.Imaging;
using Remask.Torch.Training;

namespace Remask.Torch.Reweighting;

/// <summary>
/// The reweighting method's picture of which pixels it trusts: RUN/weight-maps/epoch-EEE/NAME.png, three S x S gray
/// panels side by side, in the image's own orientation (the augmentation undone): the image (mean of its channels),
/// the noisy training mask, and the pixel weights on a fixed scale, min(w / 2, 1): black is weight 0 (not trusted),
/// mid-gray the batch's mean weight 1 (the weights of a batch sum to its number of pixels), white 2 or more; the
/// same scale in every epoch and image. Written when the image's batch is weighted, so an interrupted epoch keeps the
/// pictures it already wrote.
/// </summary>
public static class WeightMapPictures
{
    /// <summary>RUN/weight-maps/, the pictures' folder.</summary>
    public const string FolderName = "weight-maps";

    /// <summary>The weight shown white (and everything above it).</summary>
    public const float WhiteAt = 2f;

    /// <summary>
    /// RUN/weight-maps/epoch-EEE/NAME.png: the picture of sample <paramref name="name"/> in <paramref name="epoch"/>.
    /// </summary>
    public static string PathOf(string runDirectory, int epoch, string name) =>
        Path.Combine(runDirectory, FolderName, $"epoch-{epoch:D3}", name + ".png");

    /// <summary>Row <paramref name="row"/> of the batch: <paramref name="images"/> N x C x S x S, <paramref name="targets"/>
    /// and <paramref name="weights"/> N x 1 x S x S, all as flat arrays in the augmented orientation.</summary>
    public static void Write(string path, float[] images, float[] targets, float[] weights, int row, int channels, int size, int transform)
    {
        int plane = size * size;
        var gray = new float[plane];
        for (int c = 0; c < channels; c++)
        {
            var src = images.AsSpan((row * channels + c) * plane, plane);
            for (int i = 0; i < plane; i++) gray[i] += src[i] / channels;
        }
        var w = weights.AsSpan(row * plane, plane);
        var scaled = new float[plane];
        for (int i = 0; i < plane; i++) scaled[i] = w[i] / WhiteAt;

        int inverse = Dihedral.Inverse(transform);
        var samples = new ushort[3 * plane];
        float[][] panels = [gray, targets.AsSpan(row * plane, plane).ToArray(), scaled];
        var upright = new float[plane];
        for (int p = 0; p < panels.Length; p++)
        {
            Dihedral.Apply(panels[p], upright, size, inverse);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    samples[y * 3 * size + p * size + x] = (ushort)MathF.Round(Math.Clamp(upright[y * size + x], 0f, 1f) * 255f);
        }
        PngWriter.Write(path, new Raster(3 * size, size, 1, 8, samples));
    }
}
