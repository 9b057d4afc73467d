using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>read(write(x)) == x for the writer's whole range: 1 to 4 channels, 8 and 16 bits, sub-byte gray.</summary>
public class PngRoundTripTests
{
    public static TheoryData<int, int, int> Kinds()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int channels in new[] { 1, 2, 3, 4 })
            foreach (int depth in new[] { 8, 16 })
                data.Add(channels, depth, depth == 16 ? 65535 : 255);
        data.Add(1, 8, 1);
        data.Add(1, 8, 3);
        data.Add(1, 8, 15);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Random_rasters_survive_write_then_read(int channels, int depth, int maxValue)
    {
        var random = new Random(channels * 1000 + depth + maxValue);
        using var dir = ImageFixtures.Temp();
        foreach (var (w, h) in new[] { (1, 1), (2, 3), (9, 5), (17, 4), (33, 20) })
        {
            // random noise, and a smooth ramp on which the writer picks the predicting filters
            foreach (bool smooth in new[] { false, true })
            {
                var samples = new ushort[w * h * channels];
                for (int i = 0; i < samples.Length; i++)
                    samples[i] = smooth
                        ? (ushort)((i / channels % w + i / channels / w) * (maxValue / (w + h)) % (maxValue + 1))
                        : (ushort)random.Next(maxValue + 1);
                var raster = new Raster(w, h, channels, depth, samples, maxValue);
                string path = dir.File($"{w}x{h}-{smooth}.png");
                PngWriter.Write(path, raster);
                Raster back = PngReader.Read(path);
                Assert.Equal((w, h, channels, depth, maxValue), (back.Width, back.Height, back.Channels, back.BitDepth, back.MaxValue));
                Assert.Equal(samples, back.Samples);
            }
        }
    }

    [Fact]
    public void Masks_are_written_as_0_and_255_and_read_back()
    {
        using var dir = ImageFixtures.Temp();
        Mask mask = Mask.FromFunction(7, 5, (x, y) => (x + 2 * y) % 3 == 0);
        string path = dir.File("m.png");
        PngWriter.WriteMask(path, mask);
        Raster r = ImageFiles.ReadRaster(path);
        Assert.Equal(mask.ToArray().Select(v => (ushort)(v * 255)), r.Samples);
        Assert.Equal(mask, ImageFiles.ReadMask(path, ForegroundRule.AnyPositive));
    }

    [Fact]
    public void Sub_byte_gray_is_written_at_its_own_depth()
    {
        using var dir = ImageFixtures.Temp();
        string path = dir.File("g.png");
        PngWriter.Write(path, new Raster(3, 1, 1, 8, [0, 3, 1], maxValue: 3));
        using var s = File.OpenRead(path);
        Assert.Equal(2, PngReader.ReadHeader(s, path).BitDepth);
        Assert.Throws<ArgumentException>(() => PngWriter.Write(new MemoryStream(), new Raster(1, 1, 1, 8, [4], maxValue: 3)));
    }
}
