namespace Remask.Core.Imaging;

/// <summary>
/// A PNG mask file read straight to a given size by nearest neighbour, row by row (<see cref="PngRowStream"/>): only
/// the pixels that the resize samples are looked at, and no array of the stored size is made, so a 3000 x 2000 mask
/// read at 64 x 64 costs two rows of memory, not the ~24 MB of a full decode.
/// </summary>
/// <remarks>
/// The result is bit for bit <c>Resize.Nearest(RasterConversions.ToMask(ImageFiles.ReadLabels(path), rule), w, h)</c>:
/// <list type="bullet">
/// <item>destination pixel (x, y) of a w x h result is stored pixel (xs[x], ys[y]), with
/// xs[x] = min(W - 1, floor((2x + 1) W / 2w)) and ys likewise (<see cref="Resize.NearestIndex"/>, W x H the stored size);
/// w = W, h = H gives every pixel (the full mask);</item>
/// <item>the label of a pixel is its first stored sample: the gray value, the palette index (never the palette
/// colour), the red value of RGB; foreground = <c>rule.IsForeground(label)</c>, except under
/// <see cref="ForegroundRule.AnyPositive"/> for RGB and RGBA, where any colour channel &gt; 0 makes it foreground
/// (alpha never counts).</item>
/// </list>
/// </remarks>
internal static class PngMaskSampler
{
    /// <param name="file">The whole PNG file.</param>
    /// <param name="source">Names the file in error messages.</param>
    /// <param name="rule">Which labels are foreground.</param>
    /// <param name="size">The result's size (null: the stored size).</param>
    /// <returns>The mask, and the stored width and height.</returns>
    public static (Mask Mask, int Width, int Height) Read(byte[] file, string source, ForegroundRule rule, (int Width, int Height)? size)
    {
        ArgumentNullException.ThrowIfNull(rule);
        using var rows = new PngRowStream(file, source);
        PngHeader header = rows.Header;
        var (width, height) = size ?? (header.Width, header.Height);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"target size {width}x{height} must be positive");
        if ((long)width * height > Array.MaxLength)
            throw new RemaskDataException(source, $"unsupported PNG: image {header.Width}x{header.Height} is too large");
        int[] xs = Resize.NearestIndex(header.Width, width), ys = Resize.NearestIndex(header.Height, height);
        var data = new byte[width * height];
        var label = new Labels(header, rule);
        int r = 0;   // the first destination row that samples the current row or one below it (ys is non-decreasing)
        PngPass pass = default;
        while (rows.MoveNext())
        {
            if (rows.Pass != pass) (pass, r) = (rows.Pass, 0);   // a new pass starts again from the top
            while (r < height && ys[r] < rows.Y) r++;
            if (r == height || ys[r] != rows.Y) continue;        // no destination row samples this row
            ReadOnlySpan<byte> row = rows.Row;
            Span<byte> destination = data.AsSpan(r * width, width);
            for (int x = 0; x < width; x++)
            {
                int k = xs[x] - pass.X0;
                if (k >= 0 && k % pass.DX == 0) destination[x] = label.Foreground(row, k / pass.DX);
            }
        }
        for (int y = 1; y < height; y++)   // destination rows that sample the same stored row (enlarging)
            if (ys[y] == ys[y - 1]) data.AsSpan((y - 1) * width, width).CopyTo(data.AsSpan(y * width, width));
        return (new Mask(width, height, data), header.Width, header.Height);
    }

    /// <summary>The foreground rule on the stored samples of one pixel.</summary>
    private readonly struct Labels
    {
        private readonly int _depth, _samplesPerPixel, _colors;
        private readonly bool _anyChannel;
        private readonly ForegroundRule _rule;
        private readonly byte[]? _table;   // foreground by label, for labels of at most 8 bits

        public Labels(PngHeader header, ForegroundRule rule)
        {
            _depth = header.BitDepth;
            _samplesPerPixel = header.StoredChannels;
            _colors = header.ColorType is PngColorType.GrayAlpha or PngColorType.Rgba ? _samplesPerPixel - 1 : _samplesPerPixel;
            _anyChannel = ReferenceEquals(rule, ForegroundRule.AnyPositive) && _colors > 1;
            _rule = rule;
            if (_depth <= 8)
            {
                _table = new byte[256];
                for (int v = 0; v < 256; v++) _table[v] = rule.IsForeground((long)v) ? (byte)1 : (byte)0;
            }
        }

        /// <summary>1 when pixel <paramref name="i"/> of the row is foreground, else 0.</summary>
        public byte Foreground(ReadOnlySpan<byte> row, int i)
        {
            int first = i * _samplesPerPixel;
            if (_anyChannel)
            {
                for (int c = 0; c < _colors; c++)
                    if (PngReader.SampleAt(row, _depth, first + c) > 0) return 1;
                return 0;
            }
            int value = PngReader.SampleAt(row, _depth, first);
            return _table is not null ? _table[value] : _rule.IsForeground((long)value) ? (byte)1 : (byte)0;
        }
    }
}
