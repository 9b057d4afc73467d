using Remask.Reports.Experiments;
using SkiaSharp;

namespace Remask.Reports.Tests.Experiments;

public class LearningCurvePlotTests
{
    private static LearningCurve Curve(string title, int? relabel = 2) =>
        new(title, [60, 70, 75, 74], [55, 66, 68, 69], [0.5, 0.2, 0.05, 0.01], relabel);

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("not a PNG");

    [Fact]
    public void Draws_a_png_of_the_asked_size()
    {
        using var bitmap = Decode(LearningCurvePlot.Png(Curve("derm poly3"), 400, 300));
        Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void Draws_text_without_system_fonts()
    {
        // The title is the only difference: if no typeface were found, both pictures would be the same.
        using var a = Decode(LearningCurvePlot.Png(Curve("AAAA"), 400, 300));
        using var b = Decode(LearningCurvePlot.Png(Curve("WWWW"), 400, 300));
        Assert.NotEqual(a.Bytes, b.Bytes);
    }

    [Fact]
    public void Marks_the_relabel_epoch()
    {
        using var marked = Decode(LearningCurvePlot.Png(Curve("t", 2), 400, 300));
        using var plain = Decode(LearningCurvePlot.Png(Curve("t", null), 400, 300));
        int red = Enumerable.Range(0, 400 * 300).Count(i => marked.GetPixel(i % 400, i / 400) is { Red: > 200, Green: < 60, Blue: < 60 });
        int redPlain = Enumerable.Range(0, 400 * 300).Count(i => plain.GetPixel(i % 400, i / 400) is { Red: > 200, Green: < 60, Blue: < 60 });
        Assert.True(red > 30 && redPlain == 0, $"{red} red pixels with the mark, {redPlain} without");
    }
}
