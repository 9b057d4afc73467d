using System.Buffers.Binary;

namespace Remask.Core.Imaging;

/// <summary>
/// The end of a PNG's zlib stream, after the image data has been read from it: what is left is decompressed too (so that
/// the decompressor reaches the Adler-32 checksum and checks it; more than one image's worth of extra data is refused),
/// and the compressed data must end with the Adler-32 of everything decompressed. .NET's <c>ZLibStream</c> ends quietly
/// where its input runs out, so a stream that never reaches its checksum would otherwise pass unchecked.
/// </summary>
internal static class PngZlibEnd
{
    /// <param name="zlib">The decompressing stream, positioned after the image data.</param>
    /// <param name="adler">The Adler-32 of the image data read so far.</param>
    /// <param name="imageBytes">Bytes of image data read.</param>
    /// <param name="compressed">The whole compressed data (the IDAT chunks' data concatenated).</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <exception cref="InvalidDataException">the decompressor found the stream corrupt (the caller names the file).</exception>
    public static void Check(Stream zlib, Adler32 adler, long imageBytes, ReadOnlySpan<byte> compressed, string source)
    {
        long limit = Math.Max(1 << 20, imageBytes), extra = 0;
        Span<byte> buffer = stackalloc byte[4096];
        int n;
        while ((n = zlib.Read(buffer)) > 0)
        {
            adler.Update(buffer[..n]);
            extra += n;
            if (extra > limit)
                throw new RemaskDataException(source, $"corrupt PNG: the compressed image data holds more than {limit} bytes beyond the {imageBytes} the header calls for");
        }
        if (compressed.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(compressed[^4..]) != adler.Value)
            throw new RemaskDataException(source, "corrupt PNG: the compressed image data does not end with its Adler-32 checksum (cut or damaged)");
    }
}

/// <summary>A running Adler-32 (RFC 1950), the checksum at the end of a zlib stream.</summary>
internal struct Adler32
{
    private const uint Modulus = 65521;
    private uint _a = 1, _b;

    public Adler32() { }

    public readonly uint Value => _b << 16 | _a;

    public void Update(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int chunk = Math.Min(data.Length, 5552);   // the most bytes before _b can overflow 32 bits
            foreach (byte x in data[..chunk])
            {
                _a += x;
                _b += _a;
            }
            _a %= Modulus;
            _b %= Modulus;
            data = data[chunk..];
        }
    }
}
