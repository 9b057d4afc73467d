using Remask.Core.Imaging;

namespace Remask.Core.Tests.Relabeling;

/// <summary>The 32 x 32 scene of the edge-snap and outline-alignment tests: a bright square object [8, 24)² on a dark
/// background, and masks of it shrunk by a few pixels.</summary>
internal static class SquareScene
{
    public const int S = 32;

    /// <summary>The object, one channel: <paramref name="inside"/> on it, <paramref name="outside"/> elsewhere.</summary>
    public static Image Square(float inside = 0.8f, float outside = 0.2f)
    {
        var data = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                data[y * S + x] = InSquare(x, y, 0) ? inside : outside;
        return new Image(S, S, 1, data);
    }

    public static bool InSquare(int x, int y, int shrink) => x >= 8 + shrink && x < 24 - shrink && y >= 8 + shrink && y < 24 - shrink;

    /// <summary>The object's mask shrunk by <paramref name="shrink"/> pixels on every side.</summary>
    public static byte[] SquareMask(int shrink)
    {
        var m = new byte[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                m[y * S + x] = InSquare(x, y, shrink) ? (byte)1 : (byte)0;
        return m;
    }
}
