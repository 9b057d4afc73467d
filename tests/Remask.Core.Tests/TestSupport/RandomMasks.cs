using Remask.Core.Imaging;

namespace Remask.Core.Tests.TestSupport;

/// <summary>Random masks for property tests: blobs (unions of discs and rectangles) and salt noise, some touching the border.</summary>
internal static class RandomMasks
{
    public static Mask Blobs(Random random, int width, int height, int shapes)
    {
        var data = new byte[width * height];
        for (int s = 0; s < shapes; s++)
        {
            double cx = random.NextDouble() * width, cy = random.NextDouble() * height;
            double r = 1 + random.NextDouble() * Math.Min(width, height) / 4.0;
            bool disc = random.Next(2) == 0;
            bool carve = s > 0 && random.Next(4) == 0;   // some shapes cut holes and notches
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    bool inside = disc
                        ? (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r
                        : Math.Abs(x - cx) <= r && Math.Abs(y - cy) <= r * 0.6;
                    if (inside) data[y * width + x] = carve ? (byte)0 : (byte)1;
                }
        }
        return new Mask(width, height, data);
    }

    public static Mask Salt(Random random, int width, int height, double density)
    {
        var data = new byte[width * height];
        for (int i = 0; i < data.Length; i++) data[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        return new Mask(width, height, data);
    }

    /// <summary>A mix of both kinds, with sizes from 1 x 1 up to 40 x 40.</summary>
    public static IEnumerable<Mask> Many(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int w = 1 + random.Next(40), h = 1 + random.Next(40);
            yield return i % 3 == 0
                ? Salt(random, w, h, random.NextDouble())
                : Blobs(random, w, h, 1 + random.Next(6));
        }
    }

    public static Mask Disc(int width, int height, double cx, double cy, double r) =>
        Mask.FromFunction(width, height, (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r);

    public static Mask Ellipse(int width, int height, double cx, double cy, double rx, double ry) =>
        Mask.FromFunction(width, height, (x, y) => (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry) <= 1);
}
