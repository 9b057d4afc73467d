using ScottPlot;
using SkiaSharp;

namespace Remask.Reports.Experiments;

/// <summary>
/// DejaVu Sans (Fonts/DejaVuSans.ttf, Bitstream Vera licence beside it), built into the assembly and given to ScottPlot
/// as a font resolver: plots draw their text the same on every machine, with or without system fonts (the SkiaSharp
/// build without fontconfig finds none on a bare headless machine, and would draw no text at all).
/// </summary>
internal sealed class EmbeddedFont : IFontResolver
{
    public const string Name = "Remask DejaVu Sans";

    private static readonly byte[] Bytes = Read();
    private static int registered;

    /// <summary>Adds the resolver to ScottPlot's (once per process).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0) Fonts.FontResolvers.Add(new EmbeddedFont());
    }

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Create(fontName);

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Create(fontName);

    // A new typeface per call: the caller owns (and may dispose) what it gets.
    private static SKTypeface? Create(string fontName) => fontName == Name ? SKTypeface.FromData(SKData.CreateCopy(Bytes)) : null;

    private static byte[] Read()
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("Remask.Reports.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("the embedded font is missing from Remask.Reports");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
