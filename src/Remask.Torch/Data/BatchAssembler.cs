using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Torch.Training;

namespace Remask.Torch.Data;

/// <summary>
/// Loads samples, resizes them to Size x Size (images bilinearly, masks by nearest neighbour), applies the
/// augmentation draw and packs them into a <see cref="Batch"/>. Pure with respect to its inputs: the same
/// indices, epoch and seed always give the same batch.
/// </summary>
/// <param name="set">The samples batches are read from.</param>
/// <param name="setLabel">What the set is, for error messages ("training", "test").</param>
/// <param name="size">S: images and masks are resized to S x S.</param>
/// <param name="channels">C, the channels every image must have.</param>
/// <param name="channelsFrom">What fixed the channel count, for error messages (for example "the first training image 'a'").</param>
internal sealed class BatchAssembler(ISampleSet set, string setLabel, int size, int channels, string channelsFrom = "the network")
{
    public int Size => size;
    public int Channels => channels;

    /// <summary>A training batch: masks from <paramref name="masks"/> when given (every image must have one there),
    /// otherwise the dataset's own.</summary>
    public Batch Training(int[] indices, IMaskSource? masks, AugmentationOptions augmentation, long seed, int epoch)
    {
        int plane = size * size;
        var images = new float[indices.Length * channels * plane];
        var targets = new float[indices.Length * plane];
        var names = new string[indices.Length];
        var sizes = new (int, int)[indices.Length];
        var transforms = new int[indices.Length];
        var scratch = new float[channels * plane];
        var maskScratch = new float[plane];
        for (int k = 0; k < indices.Length; k++)
        {
            var sample = Load(indices[k]);
            names[k] = sample.Name;
            sizes[k] = (sample.Image.Width, sample.Image.Height);
            Mask mask = TrainingMask(sample, masks, setLabel);
            var draw = AugmentationDraw.For(augmentation, seed, epoch, indices[k]);
            transforms[k] = draw.Transform;
            Resize.Bilinear(sample.Image, size, size).Data.CopyTo(scratch);
            draw.ApplyToImage(scratch, images.AsSpan(k * channels * plane, channels * plane), channels, size);
            CopyMask(Resize.Nearest(mask, size, size), maskScratch);
            draw.ApplyToPlane<float>(maskScratch, targets.AsSpan(k * plane, plane), size);
        }
        return new Batch { Indices = indices, Names = names, Channels = channels, Size = size, Images = images, Masks = targets, OriginalSizes = sizes, Transforms = transforms };
    }

    /// <summary>An evaluation or prediction batch without augmentation: clean masks when every image has one
    /// (<paramref name="requireMasks"/>: an image without a mask is an error), noisy masks from <paramref name="noisy"/>.</summary>
    public Batch Evaluation(int[] indices, bool requireMasks, IMaskSource? noisy)
    {
        int plane = size * size;
        var images = new float[indices.Length * channels * plane];
        var clean = requireMasks ? new float[indices.Length * plane] : null;
        var noisyMasks = noisy is null ? null : new float[indices.Length * plane];
        var names = new string[indices.Length];
        var sizes = new (int, int)[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            var sample = Load(indices[k]);
            names[k] = sample.Name;
            sizes[k] = (sample.Image.Width, sample.Image.Height);
            Resize.Bilinear(sample.Image, size, size).Data.CopyTo(images.AsSpan(k * channels * plane, channels * plane));
            if (clean is not null)
            {
                var mask = sample.Mask ?? throw new RemaskDataException(sample.Name, $"{setLabel} image has no mask while other images of the set have one");
                CopyMask(Resize.Nearest(CheckSameSize(sample, mask, null), size, size), clean.AsSpan(k * plane, plane));
            }
            if (noisy is not null)
            {
                var mask = noisy.TryLoad(sample.Name) ?? throw new RemaskDataException(noisy.Location, $"no mask for {setLabel} image '{sample.Name}'");
                CopyMask(Resize.Nearest(CheckSameSize(sample, mask, noisy.Location), size, size), noisyMasks.AsSpan(k * plane, plane));
            }
        }
        return new Batch { Indices = indices, Names = names, Channels = channels, Size = size, Images = images, Masks = clean, NoisyMasks = noisyMasks, OriginalSizes = sizes };
    }

    private Sample Load(int index)
    {
        var sample = set.Load(index);
        if (sample.Image.Channels != channels)
            throw new RemaskDataException(sample.Name, $"{setLabel} image has {sample.Image.Channels} channel(s), but {channelsFrom} has {channels} (all images of a run must have the same number of channels)");
        return sample;
    }

    /// <summary>A training image's mask: from <paramref name="masks"/> when given (it must have one there), otherwise the
    /// sample's own; it must have the image's size. Shared by training batches and the relabel pass.</summary>
    public static Mask TrainingMask(Sample sample, IMaskSource? masks, string setLabel)
    {
        var mask = masks is null
            ? sample.Mask ?? throw new RemaskDataException(sample.Name, $"{setLabel} image has no mask")
            : masks.TryLoad(sample.Name) ?? throw new RemaskDataException(masks.Location, $"no mask for {setLabel} image '{sample.Name}'");
        return CheckSameSize(sample, mask, masks?.Location);
    }

    private static Mask CheckSameSize(Sample sample, Mask mask, string? maskLocation)
    {
        if (mask.Width != sample.Image.Width || mask.Height != sample.Image.Height)
            throw new RemaskDataException(maskLocation is null ? sample.Name : Path.Combine(maskLocation, sample.Name),
                $"mask is {mask.Width}x{mask.Height} but its image is {sample.Image.Width}x{sample.Image.Height}");
        return mask;
    }

    private static void CopyMask(Mask mask, Span<float> dst)
    {
        ReadOnlySpan<byte> p = mask.Pixels;
        for (int i = 0; i < p.Length; i++) dst[i] = p[i];
    }
}
