using System.Buffers.Binary;

namespace Remask.Core.Imaging;

/// <summary>The frame header (SOFn segment) of a JPEG file.</summary>
/// <param name="Width">Samples per line (X), from the frame header.</param>
/// <param name="Height">Lines (Y), from the frame header.</param>
/// <param name="Components">Image components (Nf): 1 for gray, 3 for YCbCr or RGB, 4 for CMYK or YCCK.</param>
/// <param name="Marker">The SOFn marker's second byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive.</param>
/// <param name="ComponentIds">Each component's identifier, as scan headers name it.</param>
/// <param name="ComponentBlocks">Each component's 8 x 8 blocks (ITU T.81 A.1.1: its sampling against the largest).</param>
internal readonly record struct JpegFrame(int Width, int Height, int Components, byte Marker, byte[] ComponentIds, long[] ComponentBlocks)
{
    public bool Progressive => Marker == 0xC2;

    /// <summary>
    /// The fewest bits of entropy-coded data that scan header <paramref name="sos"/> can take: every Huffman code is at
    /// least one bit long, so a sequential scan costs each block of its components a DC code and an end-of-block code
    /// (2 bits), and a progressive first DC scan (Ss = 0, Ah = 0) one DC code (1 bit); other progressive scans can skip
    /// whole runs of blocks (EOBRUN) and count nothing.
    /// </summary>
    public long LeastScanBits(ReadOnlySpan<byte> sos)
    {
        if (sos.Length < 1) return 0;
        int n = sos[0];
        if (sos.Length < 1 + 2 * n + 3) return 0;   // a damaged scan header: the decoder refuses it
        int ss = sos[1 + 2 * n], ah = sos[3 + 2 * n] >> 4;
        int perBlock = Progressive ? (ss == 0 && ah == 0 ? 1 : 0) : 2;
        long bits = 0;
        for (int k = 0; k < n; k++)
        {
            int c = Array.IndexOf(ComponentIds, sos[1 + 2 * k]);
            if (c >= 0) bits += perBlock * ComponentBlocks[c];
        }
        return bits;
    }
}

/// <summary>
/// The marker layer of JPEG files (ITU T.81, annex B): segments, the frame header and the entropy-coded data
/// of each scan, walked without decoding. It finds the frame header for fast header reads, and before
/// decoding it checks what the decoder would not: that the file is complete (ends with EOI), that its coding
/// is one that can be read (baseline or progressive Huffman, 8-bit samples, 1, 3 or 4 components).
/// </summary>
internal static class JpegStructure
{
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA;

    /// <summary>SOI followed by the first byte of another marker.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> file) => file.Length >= 3 && file[0] == 0xFF && file[1] == Soi && file[2] == 0xFF;

    /// <summary>Walks the whole file to its EOI marker and returns the frame header.</summary>
    public static JpegFrame Check(ReadOnlySpan<byte> file, string source)
    {
        if (!HasSignature(file)) throw new RemaskDataException(source, "not a JPEG file (no start-of-image marker)");
        JpegFrame? frame = null;
        bool scanned = false;
        long leastBits = 0, entropyBytes = 0;
        int pos = 2;
        while (true)
        {
            if (pos >= file.Length) throw Truncated(source);
            if (file[pos] != 0xFF) throw new RemaskDataException(source, $"corrupt JPEG: expected a marker at byte {pos}");
            while (pos < file.Length && file[pos] == 0xFF) pos++;   // fill bytes
            if (pos >= file.Length) throw Truncated(source);
            byte marker = file[pos++];
            if (marker == Eoi)
            {
                if (frame is null || !scanned) throw new RemaskDataException(source, "corrupt JPEG: no image data before the end-of-image marker");
                // Huffman codes are at least one bit long: scans cannot code more blocks than their data has bits. A header
                // that claims more (60,000 x 60,000 pixels in a few kilobytes) is refused before the decoder allocates the image.
                if (leastBits > 8 * entropyBytes)
                    throw new RemaskDataException(source, $"corrupt JPEG: a {frame.Value.Width}x{frame.Value.Height} image needs at least {leastBits} bits of image data, more than the {entropyBytes} bytes of its scans hold");
                return frame.Value;
            }
            if (IsStandalone(marker)) continue;
            if (marker is 0x00 or Soi) throw new RemaskDataException(source, $"corrupt JPEG: unexpected marker {marker:X2} at byte {pos - 1}");
            if (file.Length - pos < 2) throw Truncated(source);
            int length = BinaryPrimitives.ReadUInt16BigEndian(file[pos..]);
            if (length < 2) throw new RemaskDataException(source, $"corrupt JPEG: segment length {length} at byte {pos}");
            if (file.Length - pos < length) throw Truncated(source);
            ReadOnlySpan<byte> segment = file.Slice(pos + 2, length - 2);
            pos += length;
            if (IsFrameHeader(marker))
            {
                if (frame is not null) throw new RemaskDataException(source, "unsupported JPEG: more than one frame header");
                frame = ParseFrame(marker, segment, source);
            }
            else if (marker == Sos)
            {
                if (frame is null) throw new RemaskDataException(source, "corrupt JPEG: a scan before the frame header");
                scanned = true;
                leastBits += frame.Value.LeastScanBits(segment);
                int start = pos;
                pos = SkipEntropyCodedData(file, pos);
                entropyBytes += pos - start;
            }
        }
    }

    /// <summary>Reads segments from the start of a stream up to the frame header, skipping the rest unread.</summary>
    public static JpegFrame ReadFrame(Stream stream, string source)
    {
        Span<byte> two = stackalloc byte[2];
        ReadExactly(stream, two, source);
        if (two[0] != 0xFF || two[1] != Soi) throw new RemaskDataException(source, "not a JPEG file (no start-of-image marker)");
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) throw Truncated(source);
            if (b != 0xFF) throw new RemaskDataException(source, $"corrupt JPEG: expected a marker at byte {stream.Position - 1}");
            do b = stream.ReadByte(); while (b == 0xFF);
            if (b < 0) throw Truncated(source);
            byte marker = (byte)b;
            if (IsStandalone(marker)) continue;
            if (marker is Eoi or Sos or 0x00 or Soi) throw new RemaskDataException(source, "corrupt JPEG: no frame header before the image data");
            ReadExactly(stream, two, source);
            int length = BinaryPrimitives.ReadUInt16BigEndian(two);
            if (length < 2) throw new RemaskDataException(source, $"corrupt JPEG: segment length {length}");
            if (IsFrameHeader(marker))
            {
                var segment = new byte[length - 2];
                ReadExactly(stream, segment, source);
                return ParseFrame(marker, segment, source);
            }
            if (stream.CanSeek)
            {
                if (stream.Length - stream.Position < length - 2) throw Truncated(source);
                stream.Seek(length - 2, SeekOrigin.Current);
            }
            else
            {
                ReadExactly(stream, new byte[length - 2], source);
            }
        }
    }

    /// <summary>SOF0..SOF15 (C0..CF) except DHT (C4), JPG (C8) and DAC (CC).</summary>
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>Markers without a length: TEM and the restart markers RST0..RST7.</summary>
    private static bool IsStandalone(byte marker) => marker is 0x01 or (>= 0xD0 and <= 0xD7);

    private static JpegFrame ParseFrame(byte marker, ReadOnlySpan<byte> segment, string source)
    {
        string? unsupported = marker switch
        {
            0xC0 or 0xC1 or 0xC2 => null,
            0xC3 => "lossless coding",
            0xC5 or 0xC6 or 0xC7 => "hierarchical coding",
            0xC9 or 0xCA or 0xCB => "arithmetic coding",
            _ => "hierarchical arithmetic coding",
        };
        if (unsupported is not null) throw new RemaskDataException(source, $"unsupported JPEG: {unsupported} (SOF marker {marker:X2}); only baseline and progressive Huffman JPEGs are read");
        if (segment.Length < 6) throw new RemaskDataException(source, "corrupt JPEG: frame header too short");
        int precision = segment[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        int components = segment[5];
        if (precision != 8) throw new RemaskDataException(source, $"unsupported JPEG: {precision}-bit samples; only 8-bit JPEGs are read");
        if (height == 0) throw new RemaskDataException(source, "unsupported JPEG: the height is given after the first scan (DNL marker)");
        if (width == 0) throw new RemaskDataException(source, "corrupt JPEG: image width 0");
        if (components is not (1 or 3 or 4)) throw new RemaskDataException(source, $"unsupported JPEG: {components} colour components (1, 3 or 4 are read)");
        if (segment.Length != 6 + 3 * components) throw new RemaskDataException(source, "corrupt JPEG: frame header length does not match its component count");
        int hMax = 1, vMax = 1;
        for (int c = 0; c < components; c++)
        {
            int h = segment[7 + 3 * c] >> 4, v = segment[7 + 3 * c] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4) throw new RemaskDataException(source, $"corrupt JPEG: sampling factors {h}x{v} of component {c}");
            (hMax, vMax) = (Math.Max(hMax, h), Math.Max(vMax, v));
        }
        var ids = new byte[components];
        var blocks = new long[components];
        for (int c = 0; c < components; c++)
        {
            ids[c] = segment[6 + 3 * c];
            int h = segment[7 + 3 * c] >> 4, v = segment[7 + 3 * c] & 15;
            blocks[c] = Blocks(Ceiling((long)width * h, hMax)) * Blocks(Ceiling((long)height * v, vMax));   // ITU T.81 A.1.1
        }
        return new JpegFrame(width, height, components, marker, ids, blocks);
    }

    private static long Ceiling(long a, long b) => (a + b - 1) / b;

    private static long Blocks(long samples) => Ceiling(samples, 8);

    /// <summary>
    /// The position of the first marker after entropy-coded data: an FF byte not followed by a stuffed 00 or a
    /// restart marker; the end of the data when there is none.
    /// </summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> file, int pos)
    {
        while (true)
        {
            int k = file[pos..].IndexOf((byte)0xFF);
            if (k < 0) return file.Length;
            pos += k;
            int next = pos + 1;
            while (next < file.Length && file[next] == 0xFF) next++;   // fill bytes before a marker
            if (next >= file.Length) return file.Length;
            byte b = file[next];
            if (b == 0x00 || b is >= 0xD0 and <= 0xD7) { pos = next + 1; continue; }
            return next - 1;
        }
    }

    private static RemaskDataException Truncated(string source) =>
        new(source, "truncated JPEG: the file ends before the end-of-image marker");

    private static void ReadExactly(Stream stream, Span<byte> buffer, string source)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length) throw Truncated(source);
    }
}
