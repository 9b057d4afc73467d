using Remask.Torch.Data;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Uncertainty;

internal static class EstimatorFixtures
{
    /// <summary>A tiny U-Net-S (widths 4, 8) whose BatchNorm running statistics are not the defaults (a few
    /// training-mode passes), in evaluation mode.</summary>
    public static UNetS TinyModel(int channels = 1, long seed = 3)
    {
        manual_seed(seed);
        var model = new UNetS(new UNetSConfig(channels, [4, 8], 0.2));
        model.train();
        using (no_grad())
            for (int i = 0; i < 3; i++)
            {
                using var scope = NewDisposeScope();
                model.call(rand(4, channels, 16, 16));
            }
        model.eval();
        return model;
    }

    /// <summary>Images <paramref name="indices"/> of a disc set as an evaluation batch at 16 x 16.</summary>
    public static Batch Discs(params int[] indices) =>
        new BatchAssembler(new DiscSampleSet(8, size: 16), "test", 16, 1).Evaluation(indices, requireMasks: false, noisy: null);

    public static Dictionary<string, float[]> State(UNetS model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float32).data<float>().ToArray());

    public static float MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        float d = 0;
        for (int i = 0; i < a.Length; i++) d = Math.Max(d, Math.Abs(a[i] - b[i]));
        return d;
    }

    /// <summary>Sample n of image b of a B x N x S x S result.</summary>
    public static float[] SampleOf(float[] result, int b, int n, int samples, int size) =>
        result.AsSpan((b * samples + n) * size * size, size * size).ToArray();
}
