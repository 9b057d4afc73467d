using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class GaussianBlurTests
{
    [Fact]
    public void An_impulse_spreads_with_the_kernels_variance_and_keeps_its_sum()
    {
        const int n = 41;
        var image = new float[n * n];
        image[20 * n + 20] = 1;
        var blurred = GaussianBlur.Apply(image, 1, n, n, 2.0);
        double sum = 0, varX = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                sum += blurred[y * n + x];
                varX += blurred[y * n + x] * (x - 20) * (x - 20);
            }
        Assert.Equal(1, sum, 5);
        // The sampled Gaussian's variance, truncated at 3 sigma: just under sigma².
        Assert.InRange(varX, 3.85, 4.01);
        Assert.Equal(blurred[20 * n + 17], blurred[20 * n + 23]);   // symmetric
        Assert.Equal(blurred[17 * n + 20], blurred[20 * n + 17], 6);   // the same across and down
        Assert.True(blurred[20 * n + 20] < 0.05);
    }

    [Fact]
    public void A_flat_image_stays_flat_up_to_its_edges_and_channels_stay_apart()
    {
        var image = new float[2 * 9 * 7];
        for (int i = 0; i < 63; i++) { image[i] = 0.25f; image[63 + i] = 0.75f; }
        var blurred = GaussianBlur.Apply(image, 2, 9, 7, 1.5);
        for (int i = 0; i < 63; i++)
        {
            Assert.Equal(0.25f, blurred[i], 5);
            Assert.Equal(0.75f, blurred[63 + i], 5);
        }
    }

    [Fact]
    public void Sigma_zero_copies_and_bad_arguments_are_refused()
    {
        var image = new float[] { 0, 1, 0, 1 };
        var copy = GaussianBlur.Apply(image, 1, 2, 2, 0);
        Assert.Equal(image, copy);
        Assert.NotSame(image, copy);
        Assert.Throws<ArgumentException>(() => GaussianBlur.Apply(image, 1, 3, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianBlur.Apply(image, 1, 2, 2, -1));
    }
}
