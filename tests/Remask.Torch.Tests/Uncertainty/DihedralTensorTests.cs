using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Uncertainty;

public class DihedralTensorTests
{
    [Fact]
    public void Each_of_the_8_transforms_matches_Dihedral_and_its_inverse_restores_an_asymmetric_image_exactly()
    {
        const int side = 5, channels = 2, images = 2;
        // Distinct values everywhere: no symmetry can map the image onto itself.
        var data = Enumerable.Range(0, images * channels * side * side).Select(i => i * 0.37f + 1f).ToArray();
        using var x = tensor(data, [images, channels, side, side]);
        for (int t = 0; t < Dihedral.Count; t++)
        {
            using var y = DihedralTensor.Apply(x, t).contiguous();
            var got = y.data<float>().ToArray();
            for (int p = 0; p < images * channels; p++)
            {
                var expected = new float[side * side];
                Dihedral.Apply<float>(data.AsSpan(p * side * side, side * side), expected, side, t);
                Assert.Equal(expected, got.AsSpan(p * side * side, side * side).ToArray());
            }
            if (t != 0) Assert.NotEqual(data, got);
            using var back = DihedralTensor.Invert(y, t).contiguous();
            Assert.Equal(data, back.data<float>().ToArray());
        }
    }
}
