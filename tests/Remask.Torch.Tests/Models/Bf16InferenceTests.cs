using Remask.Torch.Inference;
using Remask.Torch.Models;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using Xunit.Abstractions;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

/// <summary>
/// bfloat16 inference (<see cref="UNetS.FoldBatchNorm"/> with <see cref="UNetS.InferencePrecision"/> = Bf16).
/// <para>Tolerance: bfloat16 keeps 8 significant bits, unit roundoff u = 2^-8. Each convolution rounds its input and its
/// weights to bfloat16 (relative error ≤ u each), accumulates in float32 and rounds its output (≤ u): at most 3u per
/// convolution relative to the scale of its output. To first order these add along the longest path of L convolutions,
/// so max |logit_bf16 − logit_fp32| ≤ 3·L·u·max |logit_fp32|. Widths 8, 16, 32 (depth 2): L = 2 + 2 + 2 (encoder, bottleneck)
/// + 2 · (1 + 2) (transposed conv and double conv per level) + 1 (head) = 13, a bound of 0.152 relative.</para>
/// </summary>
public class Bf16InferenceTests(ITestOutputHelper output)
{
    private const double U = 1.0 / 256;                                  // 2^-8

    /// <summary>Widths 8, 16, 32, 3 channels, running statistics away from the defaults, in evaluation mode.</summary>
    private static UNetS SmallModel(double dropout = 0.2)
    {
        manual_seed(11);
        var model = new UNetS(new UNetSConfig(3, [8, 16, 32], dropout));
        model.train();
        using (no_grad())
            for (int i = 0; i < 3; i++)
            {
                using var scope = NewDisposeScope();
                model.call(rand(4, 3, 32, 32));
            }
        model.eval();
        return model;
    }

    private static float[] Logits(UNetS model, Tensor x, InferencePrecision precision)
    {
        model.InferencePrecision = precision;
        using var modes = ModelModes.Evaluation(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var y = model.call(x);
        Assert.Equal(ScalarType.Float32, y.dtype);                      // float32 leaves Decode in both precisions
        Assert.Equal([x.shape[0], 1, x.shape[2], x.shape[3]], y.shape);
        return y.data<float>().ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_bf16_evaluation_forward_equals_fp32_within_3_L_u_of_the_logit_scale(bool channelsLast)
    {
        using var model = SmallModel();
        model.ChannelsLast = channelsLast;
        manual_seed(5);
        using var x = rand(2, 3, 32, 32);
        var fp32 = Logits(model, x, InferencePrecision.Fp32);
        var bf16 = Logits(model, x, InferencePrecision.Bf16);
        double scale = fp32.Max(Math.Abs), bound = 3 * 13 * U * scale;
        float diff = MaxDifference(fp32, bf16);
        output.WriteLine($"channels-last {channelsLast}: max |Δ| {diff:G3}, mean |Δ| {MeanDifference(fp32, bf16):G3}, logit scale {scale:G3}, bound {bound:G3}");
        Assert.True(scale > 0.1, $"logit scale {scale}");
        Assert.True(diff <= bound, $"max |Δ| {diff} above 3·L·u·scale = {bound}");
        Assert.True(diff > 0, "bf16 must have run (equal to float32 bit for bit)");
        Assert.Equal(fp32, Logits(model, x, InferencePrecision.Fp32));  // fp32 again: unchanged by the bf16 scope
    }

    [Fact]
    public void Seeded_spatial_dropout_drops_the_same_maps_in_bf16_with_the_float32_scale()
    {
        using var dropout = new SpatialDropout(0.3, layer: 2) { ActiveInEval = true, RowSeeds = [5, 6, 7] };
        dropout.eval();
        using var scope = NewDisposeScope();
        var x = rand(3, 16, 2, 2) + 0.5;
        var fp32 = dropout.call(x).data<float>().ToArray();
        var y = dropout.call(x.to(ScalarType.BFloat16));
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        var bf16 = y.to(ScalarType.Float32).data<float>().ToArray();
        Assert.Equal(fp32.Select(v => v == 0), bf16.Select(v => v == 0));
        Assert.Contains(0f, fp32);
        for (int i = 0; i < fp32.Length; i++)                            // input and product each rounded once: ≤ 2u relative
            Assert.True(Math.Abs(bf16[i] - fp32[i]) <= 2 * U * Math.Abs(fp32[i]), $"{bf16[i]} vs {fp32[i]}");
    }

    [Fact]
    public void Monte_Carlo_dropout_in_bf16_uses_the_dropout_masks_of_fp32()
    {
        using var model = SmallModel(dropout: 0.5);
        manual_seed(5);
        using var x = rand(2, 3, 32, 32);
        float[] Sample(InferencePrecision precision, long[] seeds)
        {
            model.InferencePrecision = precision;
            using var modes = ModelModes.MonteCarloDropout(model);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.DropoutRowSeeds = seeds;
            return model.call(x).data<float>().ToArray();
        }
        var fp32 = Sample(InferencePrecision.Fp32, [1, 2]);
        var bf16 = Sample(InferencePrecision.Bf16, [1, 2]);
        var otherMasks = Sample(InferencePrecision.Fp32, [3, 4]);
        double bound = 3 * 13 * U * fp32.Max(Math.Abs);
        output.WriteLine($"MC dropout: max |Δ| {MaxDifference(fp32, bf16):G3} (bound {bound:G3}), mean |Δ| {MeanDifference(fp32, bf16):G3}, other masks mean |Δ| {MeanDifference(fp32, otherMasks):G3}");
        Assert.True(MaxDifference(fp32, bf16) <= bound, $"max |Δ| {MaxDifference(fp32, bf16)} above 3·L·u·scale = {bound}");
        // other masks move the logits far more than the rounding does: the same masks were used
        Assert.True(MeanDifference(fp32, otherMasks) > 4 * MeanDifference(fp32, bf16), $"mean |Δ| {MeanDifference(fp32, otherMasks)} (other masks) vs {MeanDifference(fp32, bf16)} (bf16)");
        Assert.False(model.BatchNormFolded);
        Assert.False(model.DropoutAtInference);
    }

    [Fact]
    public void The_Monte_Carlo_dropout_estimator_runs_in_bf16()
    {
        using var model = TinyModel();
        var batch = Discs(0, 3);
        var fp32 = new MonteCarloDropout(4, seed: 2).Sample(model, batch);
        model.InferencePrecision = InferencePrecision.Bf16;
        var bf16 = new MonteCarloDropout(4, seed: 2).Sample(model, batch);
        // probabilities: sigmoid' ≤ 1/4; widths 4, 8: L = 2 + 2 + 1 + 2 + 1 = 8 (logits below 8 here)
        Assert.InRange(MaxDifference(fp32, bf16), 1e-7f, 3 * 8 * U * 8 / 4);
    }

    [Fact]
    public void A_bf16_scope_releases_its_copies_and_training_afterwards_is_bit_identical()
    {
        using var used = SmallModel();
        using var fresh = SmallModel();                                 // same seed: same weights and statistics
        used.InferencePrecision = InferencePrecision.Bf16;
        Tensor[] copies;
        using (ModelModes.MonteCarloDropout(used))
        {
            copies = used.Folded!.All.ToArray();
            Assert.All(copies, t => Assert.Equal(ScalarType.BFloat16, t.dtype));
            Assert.Equal(5 * 2 * 2 + 2 * 2 + 2, copies.Length);        // 5 double convs, 2 transposed convs, the head: weight and bias each
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            used.DropoutRowSeeds = [1, 2];
            used.call(rand(2, 3, 32, 32));
        }
        Assert.All(copies, t => Assert.True(t.IsInvalid));
        Assert.Null(used.Folded);
        Assert.Equal(State(fresh), State(used));

        foreach (var model in new[] { used, fresh })
        {
            model.train();
            using var adam = new ScalarSafeAdam(model.parameters(), 1e-3);
            manual_seed(9);
            for (int s = 0; s < 2; s++)
            {
                using var scope = NewDisposeScope();
                TrainingStep.Take(model, adam, rand(4, 3, 32, 32), rand(4, 1, 32, 32).gt(0.5).to(ScalarType.Float32));
            }
        }
        Assert.Equal(State(fresh), State(used));                        // weights, running statistics, batch counts: bit for bit
    }

    private static double MeanDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Auto_is_refused_as_a_model_setting()
    {
        using var model = TinyModel();
        Assert.Throws<ArgumentException>(() => model.InferencePrecision = InferencePrecision.Auto);
    }
}
