using Remask.Core.Imaging;

namespace Remask.Core.Tests.Relabeling;

/// <summary>Float maps for relabel tests.</summary>
internal static class RelabelMaps
{
    /// <summary>hi where the mask is 1, lo elsewhere.</summary>
    public static float[] Where(Mask mask, float hi, float lo)
    {
        var map = new float[mask.Length];
        for (int i = 0; i < map.Length; i++) map[i] = mask.Pixels[i] != 0 ? hi : lo;
        return map;
    }

    public static float[] Random(Random random, int length, float lo, float hi)
    {
        var map = new float[length];
        for (int i = 0; i < map.Length; i++) map[i] = lo + (float)random.NextDouble() * (hi - lo);
        return map;
    }

    public static float[] Constant(int length, float value)
    {
        var map = new float[length];
        Array.Fill(map, value);
        return map;
    }

    public static byte[] Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var x = new byte[a.Length];
        for (int i = 0; i < x.Length; i++) x[i] = (byte)(a[i] ^ b[i]);
        return x;
    }

    public static int Count(ReadOnlySpan<byte> map)
    {
        int n = 0;
        foreach (byte b in map) n += b != 0 ? 1 : 0;
        return n;
    }
}
