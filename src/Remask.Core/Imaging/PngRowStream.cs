using System.Buffers;
using System.IO.Compression;

namespace Remask.Core.Imaging;

/// <summary>
/// The rows of a PNG file, one at a time, with their filters undone: for a reader that keeps only some of them
/// (<see cref="PngMaskSampler"/>), so that no whole-image array is ever made. Memory: two rows of the widest pass
/// (pooled) and the compressed data, whatever the image size.
/// </summary>
/// <remarks>
/// The file is checked as <see cref="PngReader.Decode"/> checks it, with the same messages: every chunk's CRC, the
/// chunk order, the length of the image data, every row's filter type and the zlib stream's Adler-32 checksum (read
/// once the last row is out, <see cref="PngZlibEnd"/>: <see cref="MoveNext"/> returns false only after it). Rows come in file order: pass by
/// pass for an Adam7-interlaced image (<see cref="Pass"/>: pass pixel i of the row is image pixel X0 + i * DX of image
/// row <see cref="Y"/>). Samples are packed as stored (1 to 16 bits, big-endian); read them with
/// <see cref="PngReader.SampleAt"/>.
/// </remarks>
internal sealed class PngRowStream : IDisposable
{
    private readonly string _source;
    private readonly ZLibStream _zlib;
    private readonly MemoryStream _idat;
    private Adler32 _adler = new();
    private readonly long _total;
    private byte[] _row, _prev;
    private long _read;
    private int _passIndex = -1, _rowInPass, _rowsInPass, _rowBytes;
    private bool _done;

    public PngHeader Header { get; }

    /// <summary>The pass of the current row (the single full pass of a non-interlaced image).</summary>
    public PngPass Pass { get; private set; }

    /// <summary>The image row of the current row.</summary>
    public int Y { get; private set; }

    /// <summary>Pixels in the current row (the pass's columns).</summary>
    public int Columns { get; private set; }

    /// <summary>The current row's samples, filter undone, packed as stored (without the filter-type byte).</summary>
    public ReadOnlySpan<byte> Row => _row.AsSpan(1, _rowBytes);

    /// <param name="file">The whole PNG file.</param>
    /// <param name="source">Names the file in error messages.</param>
    public PngRowStream(byte[] file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!PngReader.HasSignature(file)) throw new RemaskDataException(source, "not a PNG file (wrong signature)");
        _source = source;
        var (header, _, _, idat) = PngReader.ReadChunks(file, source);
        Header = header;
        _total = PngReader.FilteredLength(header, idat.Length, source);
        long widest = 1 + header.RowBytes(header.Width);
        if (widest > Array.MaxLength) throw new RemaskDataException(source, $"unsupported PNG: image {header.Width}x{header.Height} is too large");
        _row = ArrayPool<byte>.Shared.Rent((int)widest);
        _prev = ArrayPool<byte>.Shared.Rent((int)widest);
        _idat = idat;
        _zlib = new ZLibStream(idat, CompressionMode.Decompress);
    }

    /// <summary>Reads the next row and undoes its filter; false after the last row (and the checksum) has been read.</summary>
    public bool MoveNext()
    {
        if (_done) return false;
        while (_rowInPass >= _rowsInPass)
        {
            if (!NextPass())
            {
                Finish();
                return false;
            }
        }
        (_row, _prev) = (_prev, _row);
        Span<byte> row = _row.AsSpan(0, 1 + _rowBytes);
        Inflate(row);
        Y = Pass.Y0 + _rowInPass * Pass.DY;
        if (!PngFilters.Unfilter(row[0], row[1..], _prev.AsSpan(1, _rowBytes), Header.FilterDistance))
            throw new RemaskDataException(_source, $"corrupt PNG: unknown filter type {row[0]} in image row {Y}");
        _rowInPass++;
        return true;
    }

    /// <summary>Moves to the next pass that has pixels; its "previous row" is all zeros.</summary>
    private bool NextPass()
    {
        ReadOnlySpan<PngPass> passes = PngPass.For(Header.Interlaced);
        while (++_passIndex < passes.Length)
        {
            PngPass pass = passes[_passIndex];
            int columns = pass.Columns(Header.Width), rows = pass.Rows(Header.Height);
            if (columns == 0 || rows == 0) continue;
            Pass = pass;
            Columns = columns;
            _rowsInPass = rows;
            _rowInPass = 0;
            _rowBytes = (int)Header.RowBytes(columns);
            Array.Clear(_row, 0, 1 + _rowBytes);   // becomes the previous row of the pass's first row
            return true;
        }
        return false;
    }

    private void Inflate(Span<byte> row)
    {
        int got;
        try
        {
            got = _zlib.ReadAtLeast(row, row.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
        _read += got;
        _adler.Update(row[..got]);
        if (got < row.Length)
            throw new RemaskDataException(_source, $"truncated PNG: the compressed image data ends after {_read} of {_total} bytes");
    }

    /// <summary>Reads the rest of the zlib stream and checks its Adler-32 (<see cref="PngZlibEnd"/>).</summary>
    private void Finish()
    {
        _done = true;
        try
        {
            PngZlibEnd.Check(_zlib, _adler, _read, _idat.GetBuffer().AsSpan(0, (int)_idat.Length), _source);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(e);
        }
    }

    private RemaskDataException Corrupt(InvalidDataException e) =>
        new(_source, $"corrupt PNG: bad compressed image data ({PngReader.OneLine(e.Message)})", e);

    public void Dispose()
    {
        _zlib.Dispose();
        if (_row.Length > 0) ArrayPool<byte>.Shared.Return(_row);
        if (_prev.Length > 0) ArrayPool<byte>.Shared.Return(_prev);
        _row = _prev = [];
    }
}
