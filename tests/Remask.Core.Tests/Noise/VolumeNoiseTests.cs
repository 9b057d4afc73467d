using Remask.Core.Imaging;
using Remask.Core.Noise;

namespace Remask.Core.Tests.Noise;

public class VolumeNoiseTests
{
    private static byte[] Volume(int nx, int ny, int nz) =>
        Enumerable.Range(0, nx * ny * nz).Select(i => (byte)(i % (nx * ny) is var p && p % nx is >= 3 and < 9 && p / nx is >= 2 and < 8 ? 1 : 0)).ToArray();

    [Fact]
    public void Each_slice_is_the_2d_noise_of_that_slice_with_its_own_seed()
    {
        const int nx = 12, ny = 10, nz = 3;
        var noise = NoiseModels.Parse("poly3");
        var clean = Volume(nx, ny, nz);
        var noisy = VolumeNoise.Apply(noise, clean, nx, ny, nz, k => 100UL + (ulong)k);
        for (int k = 0; k < nz; k++)
        {
            var slice = new Mask(nx, ny, clean.AsSpan(k * nx * ny, nx * ny).ToArray());
            Assert.Equal(noise.Apply(slice, 100UL + (ulong)k).ToArray(), noisy.AsSpan(k * nx * ny, nx * ny).ToArray());
        }
        Assert.NotEqual(clean, noisy);
    }

    [Fact]
    public void A_volume_of_the_wrong_size_is_refused() =>
        Assert.Throws<ArgumentException>(() => VolumeNoise.Apply(NoiseModels.Parse("dilate"), new byte[10], 3, 3, 1, _ => 0));
}
