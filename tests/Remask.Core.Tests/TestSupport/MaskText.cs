using System.Text;
using Remask.Core.Imaging;

namespace Remask.Core.Tests.TestSupport;

/// <summary>Masks written as rows of text: '1' or '#' is foreground, anything else background.</summary>
internal static class MaskText
{
    public static Mask Parse(params string[] rows)
    {
        int h = rows.Length, w = rows[0].Length;
        var data = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            if (rows[y].Length != w) throw new ArgumentException("ragged mask rows");
            for (int x = 0; x < w; x++) data[y * w + x] = rows[y][x] is '1' or '#' ? (byte)1 : (byte)0;
        }
        return new Mask(w, h, data);
    }

    public static string[] Format(Mask mask)
    {
        var rows = new string[mask.Height];
        for (int y = 0; y < mask.Height; y++)
        {
            var sb = new StringBuilder(mask.Width);
            for (int x = 0; x < mask.Width; x++) sb.Append(mask[x, y] ? '1' : '0');
            rows[y] = sb.ToString();
        }
        return rows;
    }

    /// <summary>Asserts equality and shows both masks when they differ.</summary>
    public static void AssertEqual(Mask expected, Mask actual, string context = "")
    {
        if (expected.Equals(actual)) return;
        Assert.Fail($"{context}\nexpected:\n{string.Join('\n', Format(expected))}\nactual:\n{string.Join('\n', Format(actual))}");
    }
}
