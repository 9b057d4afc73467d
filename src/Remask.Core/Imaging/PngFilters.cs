namespace Remask.Core.Imaging;

/// <summary>The five PNG row filters, undone (PNG specification, section 9).</summary>
internal static class PngFilters
{
    /// <summary>
    /// Undoes filter <paramref name="type"/> on <paramref name="row"/> in place, given the already reconstructed
    /// previous row (all zeros for the first row of a pass) and the filter distance <paramref name="bpp"/> in bytes.
    /// Returns false for an unknown filter type.
    /// </summary>
    public static bool Unfilter(byte type, Span<byte> row, ReadOnlySpan<byte> prev, int bpp)
    {
        switch (type)
        {
            case 0:
                return true;
            case 1:
                for (int i = bpp; i < row.Length; i++) row[i] += row[i - bpp];
                return true;
            case 2:
                for (int i = 0; i < row.Length; i++) row[i] += prev[i];
                return true;
            case 3:
                for (int i = 0; i < bpp && i < row.Length; i++) row[i] += (byte)(prev[i] >> 1);
                for (int i = bpp; i < row.Length; i++) row[i] += (byte)((row[i - bpp] + prev[i]) >> 1);
                return true;
            case 4:
                for (int i = 0; i < bpp && i < row.Length; i++) row[i] += prev[i];   // Paeth(0, b, 0) = b
                for (int i = bpp; i < row.Length; i++) row[i] += (byte)PngWriter.Paeth(row[i - bpp], prev[i], prev[i - bpp]);
                return true;
            default:
                return false;
        }
    }
}
