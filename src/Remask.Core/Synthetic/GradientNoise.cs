namespace Remask.Core.Synthetic;

/// <summary>
/// Smooth 2D gradient noise (Perlin 2002, quintic fade) over the image's continuous coordinates, so the same
/// noise comes out at any pixel size. <see cref="Frequency"/> is the number of lattice cells across the image.
/// The gradient at each lattice point is one of 16 directions, picked by hashing the point with the layer's
/// own random key, so a layer costs nothing to set up; the lattice is turned by a random angle and shifted by
/// a random offset so that neither its axes nor its origin show. Values are roughly in [-1, 1] with mean 0.
/// </summary>
internal sealed class GradientNoise
{
    private readonly uint _key;
    private readonly double _cos;
    private readonly double _sin;
    private readonly double _offsetX;
    private readonly double _offsetY;

    public double Frequency { get; }

    public GradientNoise(SynthRandom rng, double frequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frequency, 0);
        Frequency = frequency;
        double angle = rng.Uniform(0, 2 * Math.PI);
        _cos = Math.Cos(angle) * frequency;
        _sin = Math.Sin(angle) * frequency;
        _offsetX = rng.Uniform(0, 4096);
        _offsetY = rng.Uniform(0, 4096);
        _key = (uint)(rng.NextUInt64() >> 32);
    }

    /// <summary>Noise at the continuous image point (u, v), u and v in [0, 1] across the image.</summary>
    public float Sample(double u, double v)
    {
        double x = _cos * u - _sin * v + _offsetX;
        double y = _sin * u + _cos * v + _offsetY;
        double flx = Math.Floor(x), fly = Math.Floor(y);
        int ix = (int)flx, iy = (int)fly;
        float fx = (float)(x - flx), fy = (float)(y - fly);
        float n00 = Dot(Hash(ix, iy), fx, fy);
        float n10 = Dot(Hash(ix + 1, iy), fx - 1, fy);
        float n01 = Dot(Hash(ix, iy + 1), fx, fy - 1);
        float n11 = Dot(Hash(ix + 1, iy + 1), fx - 1, fy - 1);
        float sx = Fade(fx), sy = Fade(fy);
        float a = n00 + (n10 - n00) * sx;
        float b = n01 + (n11 - n01) * sx;
        return 1.4f * (a + (b - a) * sy);
    }

    internal static float Fade(float t) => t * t * t * (t * (t * 6 - 15) + 10);

    /// <summary>Which of the 16 gradient directions lattice point (i, j) has: a 32-bit integer hash.</summary>
    private int Hash(int i, int j)
    {
        uint h = (uint)i * 0x8DA6B343u ^ (uint)j * 0xD8163841u ^ _key;
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        h ^= h >> 15;
        return (int)(h >> 28);
    }

    private static float Dot(int direction, float x, float y) => GradX[direction] * x + GradY[direction] * y;

    // Unit vectors at multiples of 22.5 degrees (never written).
    private static readonly float[] GradX = [1.0000000f, 0.9238795f, 0.7071068f, 0.3826834f, 0.0000000f, -0.3826834f, -0.7071068f, -0.9238795f, -1.0000000f, -0.9238795f, -0.7071068f, -0.3826834f, 0.0000000f, 0.3826834f, 0.7071068f, 0.9238795f];
    private static readonly float[] GradY = [0.0000000f, 0.3826834f, 0.7071068f, 0.9238795f, 1.0000000f, 0.9238795f, 0.7071068f, 0.3826834f, 0.0000000f, -0.3826834f, -0.7071068f, -0.9238795f, -1.0000000f, -0.9238795f, -0.7071068f, -0.3826834f];
}

/// <summary>
/// A sum of <see cref="GradientNoise"/> octaves (each twice the frequency, <c>gain</c> times the amplitude of the
/// one before). Octaves too fine for the pixel grid fade out (<see cref="OctaveWeights"/>) so that small images
/// do not alias; the sum is divided by the full amplitude, so values stay roughly in [-1, 1].
/// </summary>
internal sealed class FractalNoise
{
    private readonly GradientNoise[] _octaves;
    private readonly float[] _amplitudes;

    public FractalNoise(SynthRandom rng, double baseFrequency, int octaves, double gain = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(octaves, 1);
        _octaves = new GradientNoise[octaves];
        _amplitudes = new float[octaves];
        double amplitude = 1, total = 0;
        for (int o = 0; o < octaves; o++)
        {
            _octaves[o] = new GradientNoise(rng, baseFrequency * (1 << o));
            _amplitudes[o] = (float)amplitude;
            total += amplitude;
            amplitude *= gain;
        }
        for (int o = 0; o < octaves; o++) _amplitudes[o] /= (float)total;
    }

    public int Octaves => _octaves.Length;

    /// <summary>
    /// The weight of each octave at an image of <paramref name="size"/> pixels: 1 while a lattice cell spans at
    /// least 4 pixels, falling linearly to 0 at 2 pixels (the Nyquist limit), times the octave's amplitude.
    /// </summary>
    public float[] OctaveWeights(int size)
    {
        var w = new float[_octaves.Length];
        for (int o = 0; o < w.Length; o++)
            w[o] = BandLimit(size / _octaves[o].Frequency) * _amplitudes[o];
        return w;
    }

    /// <summary>1 for cells of 4 pixels or more, 0 for 2 pixels or less, linear between.</summary>
    public static float BandLimit(double pixelsPerCell) => (float)Math.Clamp((pixelsPerCell - 2) / 2, 0, 1);

    /// <summary>The noise at (u, v) with the weights from <see cref="OctaveWeights"/>.</summary>
    public float Sample(double u, double v, ReadOnlySpan<float> weights)
    {
        float s = 0;
        for (int o = 0; o < _octaves.Length; o++)
            if (weights[o] != 0) s += weights[o] * _octaves[o].Sample(u, v);
        return s;
    }
}
