using System.Buffers.Binary;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// Mutations that know nothing of the format: bit flips, byte overwrites, truncations, deleted, inserted and repeated
/// ranges, and integer fields overwritten with boundary values. Each returns a new array and says what it did.
/// </summary>
public static class ByteMutations
{
    /// <summary>Boundary values for integer fields of 1, 2 or 4 bytes: sizes, lengths, counts and offsets.</summary>
    public static readonly long[] Interesting =
        [0, 1, 2, 3, 7, 8, 15, 16, 255, 256, 32767, 32768, 60000, 65535, 65536, 1 << 20, 1 << 24, int.MaxValue, 1L << 31, uint.MaxValue, -1, -2];

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10];

    /// <summary>Any one of the mutations below, picked at random.</summary>
    public static (byte[] Bytes, string Description) Any(byte[] data, NoiseRandom random) => random.NextInt(8) switch
    {
        0 or 1 => FlipBits(data, random),
        2 => OverwriteBytes(data, random),
        3 => Truncate(data, random),
        4 => DeleteRange(data, random),
        5 => InsertRange(data, random),
        6 => RepeatRange(data, random),
        _ => IntegerAt(data, random.NextInt(Math.Max(1, data.Length)), random),
    };

    public static (byte[], string) FlipBits(byte[] data, NoiseRandom random)
    {
        var b = (byte[])data.Clone();
        int n = 1 + random.NextInt(random.Chance(0.7) ? 1 : 8);
        var at = new List<string>();
        for (int k = 0; k < n && b.Length > 0; k++)
        {
            int i = random.NextInt(b.Length), bit = random.NextInt(8);
            b[i] ^= (byte)(1 << bit);
            at.Add($"{i}.{bit}");
        }
        return (b, $"flip bits {string.Join(' ', at)}");
    }

    public static (byte[], string) OverwriteBytes(byte[] data, NoiseRandom random)
    {
        var b = (byte[])data.Clone();
        int n = 1 + random.NextInt(4);
        var at = new List<string>();
        for (int k = 0; k < n && b.Length > 0; k++)
        {
            int i = random.NextInt(b.Length);
            b[i] = random.Chance(0.5) ? InterestingBytes[random.NextInt(InterestingBytes.Length)] : (byte)random.NextInt(256);
            at.Add($"{i}={b[i]:X2}");
        }
        return (b, $"overwrite bytes {string.Join(' ', at)}");
    }

    /// <summary>Keeps the first bytes: anywhere in the file, or (half the time) within its last 64 bytes.</summary>
    public static (byte[], string) Truncate(byte[] data, NoiseRandom random)
    {
        int keep = random.Chance(0.5) ? random.NextInt(Math.Max(1, data.Length)) : Math.Max(0, data.Length - 1 - random.NextInt(Math.Min(64, Math.Max(1, data.Length))));
        return (data[..keep], $"truncate to {keep} of {data.Length} bytes");
    }

    /// <summary>The first <paramref name="keep"/> bytes.</summary>
    public static (byte[], string) TruncateAt(byte[] data, int keep) => (data[..Math.Clamp(keep, 0, data.Length)], $"truncate to {keep} of {data.Length} bytes");

    public static (byte[], string) DeleteRange(byte[] data, NoiseRandom random)
    {
        if (data.Length == 0) return (data, "delete nothing");
        int start = random.NextInt(data.Length), count = 1 + random.NextInt(Math.Min(64, data.Length - start));
        return ([.. data.AsSpan(0, start), .. data.AsSpan(start + count)], $"delete {count} bytes at {start}");
    }

    public static (byte[], string) InsertRange(byte[] data, NoiseRandom random)
    {
        int at = random.NextInt(data.Length + 1), count = 1 + random.NextInt(32);
        var insert = new byte[count];
        for (int i = 0; i < count; i++) insert[i] = (byte)random.NextInt(256);
        return ([.. data.AsSpan(0, at), .. insert, .. data.AsSpan(at)], $"insert {count} random bytes at {at}");
    }

    /// <summary>A range of the file copied in again right after itself.</summary>
    public static (byte[], string) RepeatRange(byte[] data, NoiseRandom random)
    {
        if (data.Length == 0) return (data, "repeat nothing");
        int start = random.NextInt(data.Length), count = 1 + random.NextInt(Math.Min(256, data.Length - start));
        return ([.. data.AsSpan(0, start + count), .. data.AsSpan(start, count), .. data.AsSpan(start + count)], $"repeat {count} bytes at {start}");
    }

    /// <summary>A 1-, 2- or 4-byte integer at <paramref name="offset"/> set to a boundary value, either byte order.</summary>
    public static (byte[], string) IntegerAt(byte[] data, int offset, NoiseRandom random)
    {
        int width = random.NextInt(3) switch { 0 => 1, 1 => 2, _ => 4 };
        bool big = random.Chance(0.5);
        long value = Interesting[random.NextInt(Interesting.Length)];
        return (WriteInteger(data, offset, width, big, value), $"{width}-byte {(big ? "big" : "little")}-endian {value} at {offset}");
    }

    /// <summary>A copy of <paramref name="data"/> with an integer written at <paramref name="offset"/> (cut off at the end of the data).</summary>
    public static byte[] WriteInteger(byte[] data, int offset, int width, bool bigEndian, long value)
    {
        var b = (byte[])data.Clone();
        Span<byte> field = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(field, (uint)value);
        else BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)value);
        ReadOnlySpan<byte> bytes = bigEndian ? field[(4 - width)..] : field[..width];
        for (int i = 0; i < width && offset + i < b.Length; i++) b[offset + i] = bytes[i];
        return b;
    }
}
