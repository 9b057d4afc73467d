using System.Buffers.Binary;
using System.IO.Compression;

namespace Remask.Core.Tests.Formats;

/// <summary>A scratch folder for one test, deleted afterwards; helpers to write patched NIfTI bytes into it.</summary>
internal sealed class NiftiTempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "remask-nifti-" + Guid.NewGuid().ToString("N")[..12]);

    public NiftiTempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return ms.ToArray();
    }

    public static byte[] Gunzip(byte[] bytes)
    {
        using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public static byte[] WithInt16(byte[] bytes, int offset, short value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    public static byte[] WithInt32(byte[] bytes, int offset, int value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    public static byte[] WithFloat(byte[] bytes, int offset, float value)
    {
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    public static byte[] WithBytes(byte[] bytes, int offset, ReadOnlySpan<byte> value)
    {
        var copy = (byte[])bytes.Clone();
        value.CopyTo(copy.AsSpan(offset));
        return copy;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
