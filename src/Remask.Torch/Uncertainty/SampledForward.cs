using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Models;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Runs a <see cref="SamplePlan"/> on a batch of B images. Without dropout (TTA), each sample is a transformed copy of
/// the batch, and up to <c>samplesPerPass</c> copies run as one forward pass of samplesPerPass·B images. With dropout,
/// the encoder runs once per view (<see cref="UNetS.Encode"/>: nothing before the first dropout is random) and the
/// decoder once per chunk of up to <c>samplesPerPass</c> dropout samples of that view (<see cref="UNetS.Decode"/>).
/// Each output is mapped back by the inverse transform. The model is in evaluation mode (with Monte Carlo dropout when
/// the plan asks for it) only for the duration of the call.
/// </summary>
internal static class SampledForward
{
    /// <summary>B x N x S x S probabilities.</summary>
    /// <param name="model">The network; in evaluation mode (with dropout when the plan says so) for the call.</param>
    /// <param name="batch">The B images, at the training size.</param>
    /// <param name="plan">Each sample's transform, and whether dropout is on.</param>
    /// <param name="samplesPerPass">Samples per forward (or decoder) pass: N runs them all at once, 1 one at a time, 0
    /// as many as keep a pass within <see cref="PassPixels"/>.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="cancellation">Checked between passes.</param>
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

        void Keep(Tensor probs, int first, int count)                     // (count·B) x 1 x S x S
        {
            for (int j = 0; j < count; j++)
                outputs[first + j] = DihedralTensor.Invert(probs.narrow(0, j * b, b), plan.Transforms[first + j]).contiguous().MoveToOuterDisposeScope();
        }

        if (plan.Dropout)
        {
            for (int first = 0; first < n;)
            {
                int end = first + 1;                                      // samples first..end-1 share a view
                while (end < n && plan.Transforms[end] == plan.Transforms[first]) end++;
                cancellation.ThrowIfCancellationRequested();
                using var encoded = model.Encode(DihedralTensor.Apply(x, plan.Transforms[first]));
                for (int chunk = first; chunk < end; chunk += samplesPerPass)
                {
                    cancellation.ThrowIfCancellationRequested();
                    int count = Math.Min(samplesPerPass, end - chunk);
                    using var chunkScope = NewDisposeScope();
                    model.DropoutRowSeeds = RowSeeds(batch.Indices, chunk, count, seed);
                    Keep(model.Decode(encoded, count).sigmoid_(), chunk, count);
                }
                first = end;
            }
        }
        else
        {
            for (int first = 0; first < n; first += samplesPerPass)
            {
                cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(samplesPerPass, n - first);
                using var chunkScope = NewDisposeScope();
                var views = new Tensor[count];
                for (int j = 0; j < count; j++) views[j] = DihedralTensor.Apply(x, plan.Transforms[first + j]);
                Keep(model.call(count == 1 ? views[0] : cat(views, 0)).sigmoid_(), first, count);
            }
        }
        // N x B x 1 x S x S -> B x N x S x S
        return stack(outputs, 1).reshape(b, n, s, s).contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// The size cap of an automatic pass: rows x S x S at most 2^17 (32 images of 64 x 64, 8 of 128 x 128), but always
    /// at least one sample of the whole batch. Larger passes are slower per image on the CPU, not faster: on the quiet
    /// 2-core machine one pass of 128 images of 64 x 64 ran MC dropout x8 at half and TTA x8 at a quarter of the speed
    /// of eight passes of 16 (docs/uncertainty.md, "Speed"); they also need about 10 KB of activations per input pixel.
    /// </summary>
    public const long PassPixels = 1L << 17;

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
