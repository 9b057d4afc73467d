using System.Buffers.Binary;
using System.IO.Compression;

namespace Remask.Reports.Tests;

/// <summary>
/// A deliberately plain PNG decoder for the tests (8-bit gray or RGB, non-interlaced): checks the signature and
/// every chunk's CRC, inflates the IDAT data and undoes the five row filters as the PNG specification
/// (section 9) defines them. Independent of Remask's own writer.
/// </summary>
internal static class PngTestDecoder
{
    public sealed record Decoded(int Width, int Height, int Channels, byte[] Samples);

    public static Decoded Decode(byte[] file)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        Assert.Equal(signature, file[..8]);
        int pos = 8, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        bool end = false;
        while (!end)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(pos + 8 + length));
            Assert.Equal(Crc(file.AsSpan(pos + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    channels = data[9] switch { 0 => 1, 2 => 3, _ => throw new InvalidDataException("colour type") };
                    Assert.Equal(0, data[12]);   // not interlaced
                    break;
                case "IDAT": idat.Write(data); break;
                case "IEND": end = true; break;
            }
            pos += 12 + length;
        }
        Assert.Equal(file.Length, pos);
        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        byte[] f = raw.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), f.Length);
        var samples = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = f[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = f[y * (stride + 1) + 1 + i];
                int a = i >= channels ? samples[y * stride + i - channels] : 0;
                int b = y > 0 ? samples[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? samples[(y - 1) * stride + i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c,
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                samples[y * stride + i] = (byte)(x + predictor);
            }
        }
        return new Decoded(width, height, channels, samples);
    }

    /// <summary>CRC-32 bit by bit (polynomial 0xEDB88320), no table.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320 : c >> 1;
        }
        return c ^ 0xFFFFFFFF;
    }
}
