using System.Buffers.Binary;
using System.IO.Compression;

namespace Remask.Core.Formats;

/// <summary>
/// The byte stream of a .nii or .nii.gz file: gzip is recognised by its magic bytes (1f 8b), not by the name.
/// Counts the (decompressed) bytes read so that a stream that ends early can be told apart: a gzip stream
/// cut short (its trailer's length does not match what was decompressed) or a complete file that holds
/// too little. Every failure is a <see cref="RemaskDataException"/> naming the file.
/// </summary>
internal sealed class NiftiInput : IDisposable
{
    private readonly string _path;
    private readonly FileStream _file;
    private readonly Stream _stream;
    private long _position;

    public bool IsGzip { get; }

    /// <summary>Bytes in the file on disk (compressed size for .nii.gz).</summary>
    public long FileLength => _file.Length;

    private NiftiInput(string path, FileStream file, bool gzip)
    {
        _path = path;
        _file = file;
        IsGzip = gzip;
        _stream = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
    }

    public static NiftiInput Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new RemaskDataException(path, "is a folder, not a NIfTI file");
        if (!File.Exists(path)) throw new RemaskDataException(path, "file not found");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RemaskDataException(path, $"cannot be opened: {e.Message}", e);
        }
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            if (!gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                throw new RemaskDataException(path, "is named .gz but is not gzip-compressed (it does not start with the bytes 1f 8b)");
            file.Position = 0;
            return new NiftiInput(path, file, gzip);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks the 348-byte header (for .nii.gz only that much is decompressed).</summary>
    public NiftiHeader ReadHeader()
    {
        Span<byte> bytes = stackalloc byte[NiftiHeader.SizeOfHeader];
        int n = ReadUpTo(bytes);
        if (n < bytes.Length)
        {
            ThrowIfGzipTruncated();
            throw new RemaskDataException(_path, $"truncated NIfTI header: the file holds {n} bytes, a header needs {NiftiHeader.SizeOfHeader}");
        }
        return NiftiHeaderCodec.Parse(bytes, _path);
    }

    /// <summary>Skips forward to <paramref name="offset"/> (decompressed); <paramref name="describeShort"/> says what was missing if the file ends first.</summary>
    public void SkipTo(long offset, Func<string> describeShort)
    {
        if (offset < _position) throw new InvalidOperationException("cannot seek backwards");
        if (!IsGzip)
        {
            if (offset > _file.Length) throw new RemaskDataException(_path, describeShort());
            _file.Position = offset;
            _position = offset;
            return;
        }
        var scratch = new byte[Math.Min(offset - _position, 1 << 16)];
        while (_position < offset)
        {
            int want = (int)Math.Min(scratch.Length, offset - _position);
            if (ReadUpTo(scratch.AsSpan(0, want)) < want) ThrowShort(describeShort);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> completely, or fails with <paramref name="describeShort"/>.</summary>
    public void ReadExactly(Span<byte> buffer, Func<string> describeShort)
    {
        if (ReadUpTo(buffer) < buffer.Length) ThrowShort(describeShort);
    }

    /// <summary>
    /// For .nii.gz: decompresses the rest of the stream so that gzip's CRC-32 and length check run over the whole file (a
    /// corrupt stream could otherwise give wrong voxels and more bytes after them, never checked). Bytes after the voxel
    /// data are allowed, up to <paramref name="dataBytes"/> or 1 MiB, whichever is more; a longer tail is refused
    /// (it would take the time of a volume that is not there). Then the length is checked against the trailer's
    /// (<see cref="CheckTrailerLength"/>).
    /// </summary>
    public void CheckGzipEnd(long dataBytes)
    {
        if (!IsGzip) return;
        long limit = Math.Max(1 << 20, dataBytes), tail = 0;
        var scratch = new byte[1 << 16];
        int n;
        while ((n = ReadUpTo(scratch)) > 0)
        {
            tail += n;
            if (tail > limit)
                throw new RemaskDataException(_path, $"the gzip stream goes on for more than {limit} bytes after the voxel data the header describes");
        }
        CheckTrailerLength();
    }

    /// <summary>
    /// After the whole stream: its length must be the one the gzip trailer gives. .NET's GZipStream checks each member's
    /// CRC-32 where the member ends, but ends quietly where the file ends inside the deflate data (a corrupt stream can
    /// run on to the end of the file and never reach its trailer); the trailer's length then does not match. A file of
    /// several gzip members does not match either and is refused with the remedy.
    /// </summary>
    private void CheckTrailerLength()
    {
        long length = _file.Length;
        uint trailer = 0;
        if (length >= 18)
        {
            Span<byte> isize = stackalloc byte[4];
            RandomAccess.Read(_file.SafeFileHandle, isize, length - 4);
            trailer = BinaryPrimitives.ReadUInt32LittleEndian(isize);
        }
        if (trailer != (uint)_position)
            throw new RemaskDataException(_path, $"gzip stream does not end as its trailer says ({trailer} bytes, {_position} decompressed): " +
                "it is corrupt, or made of several gzip members (decompress it and compress it again as one)");
    }

    private int ReadUpTo(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new RemaskDataException(_path, $"gzip stream is corrupt (its data or CRC check fails: {e.Message})", e);
        }
        catch (IOException e)
        {
            throw new RemaskDataException(_path, $"cannot be read: {e.Message}", e);
        }
        _position += n;
        return n;
    }

    private void ThrowShort(Func<string> describeShort)
    {
        ThrowIfGzipTruncated();
        throw new RemaskDataException(_path, describeShort());
    }

    /// <summary>
    /// Called when the decompressed stream ended: the gzip trailer's last 4 bytes hold the uncompressed length
    /// (mod 2^32); when they do not match what was decompressed, the stream was cut short.
    /// </summary>
    private void ThrowIfGzipTruncated()
    {
        if (!IsGzip) return;
        long length = _file.Length;
        bool complete = false;
        if (length >= 18)
        {
            Span<byte> isize = stackalloc byte[4];
            RandomAccess.Read(_file.SafeFileHandle, isize, length - 4);
            complete = BinaryPrimitives.ReadUInt32LittleEndian(isize) == (uint)_position;
        }
        if (!complete)
            throw new RemaskDataException(_path, $"gzip stream is truncated: it ends after {_position} decompressed bytes without its end marker");
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_stream, _file)) _stream.Dispose();
        _file.Dispose();
    }
}
