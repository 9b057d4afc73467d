using System.Globalization;

namespace Remask.Core.IO;

/// <summary>CSV cells and lines as Remask writes them: invariant culture, doubles round-trip ("R"), null as an empty
/// cell, text quoted only when it holds a comma, a quote or a line break (RFC 4180).</summary>
public static class CsvText
{
    /// <summary>
    /// One cell: null empty, double and float round-trip ("R"), bool "true"/"false", any other
    /// <see cref="IFormattable"/> in the invariant culture, anything else as its text through <see cref="Quote"/>.
    /// </summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    /// <summary>The cells joined by commas, ending in a line feed.</summary>
    public static string Line(params object?[] cells) => string.Join(',', cells.Select(Cell)) + "\n";

    /// <summary>
    /// <paramref name="s"/> as it is when it holds no comma, quote or line break; else in double quotes, with each
    /// quote doubled.
    /// </summary>
    public static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
