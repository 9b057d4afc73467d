using System.Globalization;
using System.Text.RegularExpressions;

namespace Remask.Core.Noise;

/// <summary>
/// The noise models by name, as the command line and the benchmark use them:
/// <list type="bullet">
/// <item><c>polyK</c> (<c>poly3</c>, <c>poly7</c>, any K &gt;= 3): <see cref="PolygonNoise"/>.</item>
/// <item><c>smooth</c> (k = 7) or <c>smoothK</c>: <see cref="SmoothCurveNoise"/>.</item>
/// <item><c>dilate</c>, <c>erode</c>: <see cref="MorphologicalNoise"/>, radius 5-20 % of the object's equivalent radius, at least 1 pixel.</item>
/// <item><c>affine</c>: <see cref="AffineNoise"/> with <see cref="AffineNoiseOptions"/> defaults.</item>
/// <item><c>markov</c>: <see cref="MarkovBoundaryNoise"/> with <see cref="MarkovBoundaryNoiseOptions"/> defaults.</item>
/// <item><c>drop</c>: <see cref="ComponentDropNoise"/> with <see cref="ComponentDropNoiseOptions"/> defaults.</item>
/// <item><c>clean</c>: no noise.</item>
/// <item><c>mix</c>: <see cref="DefaultMix"/>, or a mix given as <c>name=weight,...</c> (<see cref="ParseMix"/>).</item>
/// </list>
/// </summary>
public static partial class NoiseModels
{
    /// <summary>The mix that <c>mix</c> stands for, as <c>name=weight</c> pairs (<see cref="ParseMix"/>).</summary>
    public const string DefaultMixSpec = "poly7=2,smooth=2,dilate=1.5,erode=1.5,affine=1,markov=1.5,drop=0.5";

    /// <summary>
    /// The names as the command line lists them; <see cref="Parse"/> also takes <c>polyK</c> and <c>smoothK</c> for any
    /// K &gt;= 3.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["poly3", "poly7", "smooth", "dilate", "erode", "affine", "markov", "drop", "clean", "mix"];

    /// <summary>
    /// The noise model named <paramref name="name"/> (see the list above; case and surrounding spaces ignored).
    /// </summary>
    /// <exception cref="RemaskUsageException">An unknown name, or polyK or smoothK with K &lt; 3.</exception>
    public static ILabelNoise Parse(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        Match m = Numbered().Match(n);
        if (m.Success)
        {
            if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 3)
                throw new RemaskUsageException($"noise '{name}': k must be 3 or more vertices");
            return m.Groups[1].Value == "poly" ? new PolygonNoise(k) : new SmoothCurveNoise(k);
        }
        return n switch
        {
            "smooth" => new SmoothCurveNoise(),
            "dilate" => new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Grow)),
            "erode" => new MorphologicalNoise(new MorphologicalNoiseOptions(BorderShift.Shrink)),
            "affine" => new AffineNoise(new AffineNoiseOptions()),
            "markov" => new MarkovBoundaryNoise(new MarkovBoundaryNoiseOptions()),
            "drop" => new ComponentDropNoise(new ComponentDropNoiseOptions()),
            "clean" => new NoNoise(),
            "mix" => DefaultMix(),
            _ => throw new RemaskUsageException($"unknown noise '{name}' (known: polyK with K >= 3, smooth, smoothK, {string.Join(", ", Names.Skip(2))})"),
        };
    }

    /// <summary>The default mix: <see cref="DefaultMixSpec"/>.</summary>
    public static MixedNoise DefaultMix() => ParseMix(DefaultMixSpec);

    /// <summary>A mix from <c>name=weight</c> pairs separated by commas, e.g. <c>poly3=1,dilate=2,clean=1</c>.</summary>
    public static MixedNoise ParseMix(string spec)
    {
        var entries = new List<(ILabelNoise, double)>();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new RemaskUsageException($"noise mix: '{part}' is not name=weight");
            string model = part[..eq].Trim();
            if (model.Equals("mix", StringComparison.OrdinalIgnoreCase)) throw new RemaskUsageException("a noise mix cannot contain 'mix'");
            if (!double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
                throw new RemaskUsageException($"noise mix: the weight in '{part}' is not a number");
            entries.Add((Parse(model), weight));
        }
        return new MixedNoise(entries);
    }

    [GeneratedRegex(@"^(poly|smooth)(-?\d+)$")]
    private static partial Regex Numbered();
}
