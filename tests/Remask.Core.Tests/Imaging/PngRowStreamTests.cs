using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

/// <summary>The rows of <see cref="PngRowStream"/>, placed by their pass, are the whole decode's samples.</summary>
public class PngRowStreamTests
{
    public static TheoryData<string> PngFiles() => new(ImageFixtures.PngCases.Select(c => c.File));

    [Theory]
    [MemberData(nameof(PngFiles))]
    public void Rows_placed_by_pass_give_the_stored_samples(string file)
    {
        string path = ImageFixtures.PathOf(file);
        PngCase c = ImageFixtures.Png(file);
        // the independent reference: the source samples written by make_image_fixtures.py (indices for palette files)
        ushort[] expected = ImageFixtures.ReadUInt16(c.Indices ?? c.Samples);
        using var rows = new PngRowStream(File.ReadAllBytes(path), path);
        int spp = rows.Header.StoredChannels;
        var placed = new int[c.Width * c.Height * spp];
        Array.Fill(placed, -1);
        int count = 0;
        while (rows.MoveNext())
        {
            Assert.Equal(rows.Header.RowBytes(rows.Columns), rows.Row.Length);
            for (int i = 0; i < rows.Columns; i++)
                for (int s = 0; s < spp; s++)
                {
                    int at = (rows.Y * c.Width + rows.Pass.X0 + i * rows.Pass.DX) * spp + s;
                    Assert.Equal(-1, placed[at]);   // every sample comes once
                    placed[at] = PngReader.SampleAt(rows.Row, rows.Header.BitDepth, i * spp + s);
                }
            count++;
        }
        Assert.False(rows.MoveNext());
        Assert.Equal(expected.Select(v => (int)v), placed);
        Assert.Equal(c.Interlaced ? PngPass.For(true).ToArray().Sum(p => p.Columns(c.Width) > 0 ? p.Rows(c.Height) : 0) : c.Height, count);
    }
}
