using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Tests;

/// <summary>TorchSharp's native library loads on this machine (the build's GLIBCXX fix) and computes right.</summary>
public class TorchLoadsTests
{
    [Fact]
    public void Convolution_forward_and_backward_match_hand_computed_values()
    {
        // 1 x 1 x 3 x 3 input 1..9, one 2x2 kernel [[1,0],[0,-1]], no padding, no bias.
        using var input = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new long[] { 1, 1, 3, 3 }, requires_grad: true);
        using var weight = tensor(new float[] { 1, 0, 0, -1 }, new long[] { 1, 1, 2, 2 }, requires_grad: true);
        using var output = nn.functional.conv2d(input, weight);
        // Each output is x[i,j] - x[i+1,j+1] = -4 for this ramp.
        Assert.Equal(new long[] { 1, 1, 2, 2 }, output.shape);
        Assert.All(output.data<float>().ToArray(), v => Assert.Equal(-4f, v));

        // loss = sum(output^2) = 4 * 16 = 64; d loss / d output = 2 * output = -8 everywhere.
        using var loss = output.pow(2).sum();
        Assert.Equal(64f, loss.item<float>());
        loss.backward();

        // d loss / d w[a,b] = sum over outputs of -8 * x[i+a, j+b]:
        // w[0,0]: -8 * (1+2+4+5) = -96; w[0,1]: -8 * (2+3+5+6) = -128; w[1,0]: -8 * (4+5+7+8) = -192; w[1,1]: -8 * (5+6+8+9) = -224.
        Assert.Equal(new float[] { -96, -128, -192, -224 }, weight.grad!.data<float>().ToArray());
        // d loss / d x: each x gets -8 * (+1 where it is the top-left of a window, -1 where bottom-right).
        // x[0,0]: +1 (window 0,0) -> -8; x[1,1]: top-left of (1,1), bottom-right of (0,0) -> 0; x[2,2]: bottom-right of (1,1) -> +8.
        float[] gx = input.grad!.data<float>().ToArray();
        Assert.Equal(new float[] { -8, -8, 0, -8, 0, 8, 0, 8, 8 }, gx);
    }
}
