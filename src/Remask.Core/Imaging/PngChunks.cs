using System.Buffers.Binary;
using Remask.Core.IO;

namespace Remask.Core.Imaging;

/// <summary>One chunk of a PNG file held in memory: its type and where its data lies.</summary>
internal readonly record struct PngChunk(string Type, int DataOffset, int Length)
{
    /// <summary>Offset of the next chunk (after the data and the 4-byte CRC).</summary>
    public int End => DataOffset + Length + 4;

    /// <summary>Critical chunks have an upper-case first letter; a decoder must understand them.</summary>
    public bool IsCritical => char.IsAsciiLetterUpper(Type[0]);
}

/// <summary>The chunk layer of PNG: the signature, chunk framing and the CRC of every chunk.</summary>
internal static class PngChunks
{
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool HasSignature(ReadOnlySpan<byte> file) => file.StartsWith(Signature);

    /// <summary>
    /// Reads the chunk starting at <paramref name="offset"/> and checks its CRC. A chunk that runs past the end
    /// of the data, a type that is not four letters or a CRC mismatch is a <see cref="RemaskDataException"/>.
    /// </summary>
    public static PngChunk ReadAt(ReadOnlySpan<byte> file, int offset, string source)
    {
        if (file.Length - offset < 8)
            throw new RemaskDataException(source, $"truncated PNG: the file ends inside a chunk header at byte {offset}");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(file[offset..]);
        ReadOnlySpan<byte> typeBytes = file.Slice(offset + 4, 4);
        string type = TypeName(typeBytes, offset, source);
        if (length > int.MaxValue)
            throw new RemaskDataException(source, $"corrupt PNG: chunk {type} at byte {offset} declares length {length}");
        if (file.Length - offset - 12 < length)
            throw new RemaskDataException(source, $"truncated PNG: chunk {type} at byte {offset} needs {length + 12} bytes, the file ends after {file.Length - offset}");
        var chunk = new PngChunk(type, offset + 8, (int)length);
        ReadOnlySpan<byte> data = file.Slice(chunk.DataOffset, chunk.Length);
        uint expected = BinaryPrimitives.ReadUInt32BigEndian(file[(chunk.DataOffset + chunk.Length)..]);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        uint actual = crc.GetCurrentHashAsUInt32();
        if (actual != expected)
            throw new RemaskDataException(source, $"corrupt PNG: CRC mismatch in chunk {type} at byte {offset}");
        return chunk;
    }

    /// <summary>The chunk type as text; PNG allows only ASCII letters.</summary>
    public static string TypeName(ReadOnlySpan<byte> typeBytes, int offset, string source)
    {
        foreach (byte b in typeBytes)
            if (!char.IsAsciiLetter((char)b))
                throw new RemaskDataException(source, $"corrupt PNG: invalid chunk type at byte {offset} (bytes {Convert.ToHexString(typeBytes)})");
        return System.Text.Encoding.ASCII.GetString(typeBytes);
    }
}
