using Remask.Torch.Models;
using Remask.Torch.Reweighting;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Reweighting;

public class MetaGradientTests
{
    /// <summary>Images and masks of <see cref="DiscSampleSet"/> rows as N x 1 x S x S tensors.</summary>
    internal static (Tensor Images, Tensor Masks) Discs(int[] indices, int size, ScalarType type = ScalarType.Float32)
    {
        var set = new DiscSampleSet(indices.Max() + 1, size);
        int plane = size * size;
        var images = new float[indices.Length * plane];
        var masks = new float[indices.Length * plane];
        for (int k = 0; k < indices.Length; k++)
        {
            var s = set.Load(indices[k]);
            s.Image.Data.CopyTo(images.AsSpan(k * plane, plane));
            for (int i = 0; i < plane; i++) masks[k * plane + i] = s.Mask!.Pixels[i];
        }
        long[] shape = [indices.Length, 1, size, size];
        return (tensor(images, shape).to(type), tensor(masks, shape).to(type));
    }

    /// <summary>L_c(θ'(ε)) with θ'(ε) = θ - α ∇θ L(θ; ε), computed directly (no meta-gradient code).</summary>
    private static double CleanLossAfterVirtualStep(UNetS model, Tensor x, Tensor y, Tensor eps, Tensor cx, Tensor cy, double alpha)
    {
        using var scope = NewDisposeScope();
        var theta = UNetSFunctional.Parameters(model);
        var loss = SegmentationLoss.Compute(UNetSFunctional.Forward(model, theta, x), y, eps);
        var grads = autograd.grad([loss], theta.Values.ToList());
        var moved = theta.Keys.Select((name, i) => (name, (theta[name] - alpha * grads[i]).detach())).ToDictionary(p => p.name, p => p.Item2);
        using var _ = no_grad();
        return SegmentationLoss.Compute(UNetSFunctional.Forward(model, moved, cx), cy).item<double>();
    }

    /// <summary>Double precision. Steps h are small enough that θ' = θ - α ∇θ L moves no ReLU across its kink (with
    /// α = 0.5 and h = 1e-3 the estimate is off by 0.8 %).</summary>
    [Theory]
    [InlineData(0.5, 1e-5)]
    [InlineData(0.01, 1e-4)]
    public void Meta_gradient_matches_a_finite_difference_estimate(double alpha, double h)
    {
        manual_seed(3);
        using var model = new UNetS(new UNetSConfig(1, [4, 8], dropoutP: 0));
        model.to(ScalarType.Float64);
        model.train();
        var (x, y) = Discs([0, 1], 16, ScalarType.Float64);
        var (cx, cy) = Discs([2, 3], 16, ScalarType.Float64);
        // Texture, so that no 2 x 2 max-pool window holds a tie (a kink that finite differences straddle).
        x = x + 0.05 * rand_like(x);
        cx = cx + 0.05 * rand_like(cx);
        var (g, cleanLoss) = MetaGradient.VirtualStep(model, x, y, cx, cy, alpha);
        Assert.Equal(CleanLossAfterVirtualStep(model, x, y, zeros_like(y), cx, cy, alpha), cleanLoss, 12);

        var gv = g.data<double>().ToArray();
        // A foreground and a background pixel of each image, and the two pixels with the largest |g|.
        var yv = y.data<double>().ToArray();
        var pixels = new List<int> { Array.IndexOf(yv, 1.0), Array.IndexOf(yv, 0.0), 256 + Array.IndexOf(yv[256..], 1.0), 256 + Array.LastIndexOf(yv[256..], 0.0) };
        pixels.AddRange(Enumerable.Range(0, gv.Length).OrderByDescending(i => Math.Abs(gv[i])).Take(2));
        foreach (int i in pixels)
        {
            var plus = zeros_like(y);
            plus.view(-1)[i] = h;
            double up = CleanLossAfterVirtualStep(model, x, y, plus, cx, cy, alpha);
            double down = CleanLossAfterVirtualStep(model, x, y, -plus, cx, cy, alpha);
            double estimate = -(up - down) / (2 * h);
            Assert.True(Math.Abs(estimate) > 1e-8, $"pixel {i}: the finite difference {estimate} is too small to test against");
            Assert.True(Math.Sign(estimate) == Math.Sign(gv[i]) && Math.Abs(gv[i] - estimate) <= 1e-4 * Math.Abs(estimate),
                $"pixel {i}: meta-gradient {gv[i]:E6}, finite difference {estimate:E6}");
        }
    }

    /// <summary>Without dropout (the two draw their masks in another order), in training mode (batch statistics) and in
    /// evaluation mode (running statistics).</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Forward_mode_gives_the_meta_gradient_of_the_virtual_step(bool training)
    {
        manual_seed(6);
        using var model = new UNetS(new UNetSConfig(1, [4, 8, 16], dropoutP: 0));
        model.to(ScalarType.Float64);
        var (x, y) = Discs([0, 1, 2], 32, ScalarType.Float64);
        var (cx, cy) = Discs([3, 4], 32, ScalarType.Float64);
        x = x + 0.05 * rand_like(x);
        model.train();
        if (!training)
        {
            // Running statistics that are not the initial ones (set directly: the module's own BatchNorm keeps its
            // float32 buffers in fields that model.to(Float64) does not update).
            using (no_grad())
                foreach (var (name, buffer) in model.named_buffers().Where(b => b.name.EndsWith("running_mean") || b.name.EndsWith("running_var")))
                    buffer.copy_(rand_like(buffer) * 0.5 + (name.EndsWith("var") ? 0.5 : -0.25));
            model.eval();
        }
        var (reference, referenceLoss) = MetaGradient.VirtualStep(model, x, y, cx, cy, 0.5);
        var (fast, fastLoss) = MetaGradient.Compute(model, x, y, cx, cy, 0.5);
        Assert.Equal(referenceLoss, fastLoss, 12);
        var r = reference.data<double>().ToArray();
        var f = fast.data<double>().ToArray();
        double scale = r.Max(Math.Abs);
        Assert.True(scale > 0);
        for (int i = 0; i < r.Length; i++) Assert.True(Math.Abs(r[i] - f[i]) <= 1e-9 * scale, $"pixel {i}: {r[i]:E10} vs {f[i]:E10}");
    }

    [Fact]
    public void Identical_clean_and_noisy_batches_give_weights_that_are_not_all_zero()
    {
        manual_seed(4);
        using var model = new UNetS(new UNetSConfig(1, [4, 8, 16], dropoutP: 0));
        model.train();
        var (x, y) = Discs([0, 1, 2, 3], 32);
        var (g, _) = MetaGradient.Compute(model, x, y, x, y, 1e-3);
        using var w = MetaReweighting.Normalise(g);
        Assert.NotNull(w);
        Assert.True(w!.gt(0.0.ToScalar()).sum().item<long>() > 0);
        Assert.Equal(w.numel(), w.sum(ScalarType.Float64).item<double>(), 3);
    }

    [Fact]
    public void A_pixel_whose_noisy_label_contradicts_the_clean_batch_gets_a_lower_weight_than_one_that_agrees()
    {
        manual_seed(5);
        using var model = new UNetS(new UNetSConfig(1, [4, 8, 16], dropoutP: 0));
        model.train();
        var (x, clean) = Discs([0, 1, 2, 3], 32);
        // The noisy masks: the clean ones plus a 6 x 6 block of background marked as foreground in every image.
        var noisy = clean.clone();
        var flipped = zeros_like(clean, dtype: ScalarType.Bool);
        flipped[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 6), TensorIndex.Slice(0, 6)] = tensor(true);
        flipped = flipped.logical_and(clean.eq(0.0.ToScalar()));
        noisy = noisy.where(flipped.logical_not(), ones_like(noisy));
        var agreeing = clean.eq(0.0.ToScalar()).logical_and(flipped.logical_not());
        Assert.True(flipped.sum().item<long>() > 50);

        var (g, _) = MetaGradient.Compute(model, x, noisy, x, clean, 1e-3);
        var w = MetaReweighting.Normalise(g)!;
        double Mean(Tensor where) => w.masked_select(where).mean().item<float>();
        double wrong = Mean(flipped), right = Mean(agreeing);
        Assert.True(wrong < right, $"mean weight of contradicting pixels {wrong}, of agreeing background pixels {right}");
    }

    [Fact]
    public void Weights_are_the_positive_part_scaled_to_the_number_of_pixels_or_null_without_a_positive_entry()
    {
        using var g = tensor(new float[] { -1, 0, 1, 3 }, [1, 1, 2, 2]);
        using var w = MetaReweighting.Normalise(g)!;
        Assert.Equal([0f, 0f, 1f, 3f], w.data<float>().ToArray());
        Assert.Null(MetaReweighting.Normalise(tensor(new float[] { -1, 0, -2, 0 }, [1, 1, 2, 2])));
    }
}
