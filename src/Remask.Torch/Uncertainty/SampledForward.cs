using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Models;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Runs a <see cref="SamplePlan"/> on a batch: the B images are repeated once per sample (each copy transformed),
/// so that up to <c>samplesPerPass</c> samples run as one forward pass of samplesPerPass·B images (dropout samples of one
/// view share one encoder pass, <see cref="UNetS.ForwardRepeated"/>); each output is
/// mapped back by the inverse transform. The model is in evaluation mode (with Monte Carlo dropout when the plan asks
/// for it) only for the duration of the call.
/// </summary>
public static class SampledForward
{
    /// <summary>B x N x S x S probabilities.</summary>
    /// <param name="samplesPerPass">Samples per forward pass (N: one pass of B·N images; 1: N passes of B images; 0: as many
    /// as keep a pass within <see cref="PassPixels"/>).</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    public static float[] Run(UNetS model, Batch batch, SamplePlan plan, int samplesPerPass, long seed, CancellationToken cancellation)
    {
        if (samplesPerPass < 0) throw new ArgumentOutOfRangeException(nameof(samplesPerPass), "0 (automatic) or more");
        int n = plan.Samples, b = batch.Count, s = batch.Size;
        if (samplesPerPass == 0) samplesPerPass = AutomaticSamplesPerPass(n, b, s);
        using var modes = plan.Dropout ? ModelModes.MonteCarloDropout(model) : ModelModes.Evaluation(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(batch.Images, batch.ImageShape);
        var outputs = new Tensor[n];
        for (int first = 0; first < n; first += samplesPerPass)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(samplesPerPass, n - first);
            using var chunkScope = NewDisposeScope();
            if (plan.Dropout) model.DropoutRowSeeds = RowSeeds(batch.Indices, first, count, seed);
            Tensor logits;
            if (plan.Dropout && plan.Transforms.AsSpan(first, count).IndexOfAnyExcept(plan.Transforms[first]) < 0)
            {
                // Dropout samples of one view: the encoder (no dropout in it) runs once for all of them.
                logits = model.ForwardRepeated(DihedralTensor.Apply(x, plan.Transforms[first]), count);
            }
            else
            {
                var views = new Tensor[count];
                for (int j = 0; j < count; j++) views[j] = DihedralTensor.Apply(x, plan.Transforms[first + j]);
                logits = model.call(count == 1 ? views[0] : cat(views, 0));
            }
            var probs = logits.sigmoid_();                                // (count·B) x 1 x S x S
            for (int j = 0; j < count; j++)
                outputs[first + j] = DihedralTensor.Invert(probs.narrow(0, j * b, b), plan.Transforms[first + j]).contiguous().MoveToOuterDisposeScope();
        }
        // N x B x 1 x S x S -> B x N x S x S
        return stack(outputs, 1).reshape(b, n, s, s).contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// The memory cap of an automatic pass: rows x S x S at most 2^20 (256 images of 64 x 64, 64 of 128 x 128). U-Net-S
    /// (reference widths) needs about 10 KB of activations per input pixel in such a pass: a pass of 128 images of
    /// 128 x 128 peaked at 3.5-4.2 GB resident, one of 64 at about half that (docs/uncertainty.md).
    /// </summary>
    public const long PassPixels = 1L << 20;

    /// <summary>The most samples per pass (at least 1, at most N) that keep samples·B·S² within <see cref="PassPixels"/>.</summary>
    public static int AutomaticSamplesPerPass(int samples, int batchCount, int size) =>
        (int)Math.Clamp(PassPixels / ((long)batchCount * size * size), 1, samples);

    /// <summary>Seed of the dropout masks of image <paramref name="imageIndex"/>, sample <paramref name="sample"/>.</summary>
    public static long DropoutSeed(long seed, int imageIndex, int sample) =>
        (long)new SeedSequence(seed, 0x3C0D, imageIndex, sample).NextUInt64();

    /// <summary>One seed per input row, rows ordered (sample, image).</summary>
    private static long[] RowSeeds(int[] indices, int firstSample, int samples, long seed)
    {
        var seeds = new long[samples * indices.Length];
        for (int j = 0; j < samples; j++)
            for (int i = 0; i < indices.Length; i++)
                seeds[j * indices.Length + i] = DropoutSeed(seed, indices[i], firstSample + j);
        return seeds;
    }
}
