using System.Text.Json;
using Remask.Core.Relabeling;

namespace Remask.Core.Tests.Relabeling;

public class AutomaticDeltaTests
{
    public sealed record DeltaCase(string Name, double[] Values, double Otsu, double[][] Quantiles);

    private static DeltaCase[] Cases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Relabeling", "delta.json");
        return JsonSerializer.Deserialize<DeltaCase[]>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    [Fact]
    public void Otsu_matches_skimage_threshold_otsu()
    {
        var cases = Cases();
        Assert.True(cases.Length >= 10);
        foreach (var c in cases)
            Assert.True(Math.Abs(c.Otsu - AutomaticDelta.Otsu(c.Values)) <= 1e-12, $"{c.Name}: skimage {c.Otsu}, ours {AutomaticDelta.Otsu(c.Values)}");
    }

    [Fact]
    public void Quantile_matches_numpy_quantile()
    {
        foreach (var c in Cases())
            foreach (var qv in c.Quantiles)
                Assert.True(Math.Abs(qv[1] - AutomaticDelta.Quantile(c.Values, qv[0])) <= 1e-12, $"{c.Name} q={qv[0]}");
    }

    [Fact]
    public void Choose_reads_float_maps_and_leaves_out_values_at_or_below_epsilon()
    {
        foreach (var c in Cases())
        {
            // Zeros added: they must not move the threshold.
            var map = c.Values.Select(v => (float)v).Concat(Enumerable.Repeat(0f, 5000)).ToArray();
            var above = c.Values.Where(v => v > AutomaticDelta.DefaultEpsilon).ToArray();
            Assert.Equal(AutomaticDelta.Otsu(above), AutomaticDelta.Choose(map, DeltaRule.Otsu, ceiling: 2).Delta, 12);
            Assert.Equal(AutomaticDelta.Quantile(above, 0.9), AutomaticDelta.Choose(map, DeltaRule.Quantile, 0.9, ceiling: 2).Delta, 12);
        }
    }

    [Fact]
    public void Otsu_of_a_hand_computed_bimodal_sample_splits_the_modes()
    {
        // Values 0.0 x 3 and 1.0 x 1 -> 256 bins of width 1/256; the best split is after bin 0 (between-class
        // variance w0 w1 (mu0 - mu1)^2 is the same for every split between the two occupied bins, the first wins).
        double t = AutomaticDelta.Otsu([0.0, 0.0, 0.0, 1.0]);
        Assert.Equal(0.5 / 256, t, 15);
        Assert.Equal(0.3, AutomaticDelta.Otsu([0.3, 0.3]));
    }

    [Fact]
    public void Warns_when_delta_reaches_the_ceiling_or_nothing_is_uncertain()
    {
        Assert.Null(AutomaticDelta.WarningFor(0.2499));
        Assert.Contains("no pixel will flip", AutomaticDelta.WarningFor(0.25));
        Assert.Null(AutomaticDelta.WarningFor(0.3, ceiling: 1));
        // A uniform map on [0, 1] (not aleatoric): its Otsu threshold is near 0.5, ≥ 0.25, so it warns with the default ceiling.
        var random = new Random(3);
        var uniform = Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble()).ToArray();
        Assert.NotNull(AutomaticDelta.Choose(uniform, DeltaRule.Otsu).Warning);
        var none = AutomaticDelta.Choose(new float[10], DeltaRule.Otsu);
        Assert.Equal(double.PositiveInfinity, none.Delta);
        Assert.Contains("nothing to flip", none.Warning);
    }

    [Fact]
    public void Bad_values_throw()
    {
        Assert.Throws<ArgumentException>(() => AutomaticDelta.Choose([0.1f, float.NaN], DeltaRule.Otsu));
        Assert.Throws<ArgumentException>(() => AutomaticDelta.Choose([0.1f, 1.5f], DeltaRule.Quantile));
        Assert.Throws<ArgumentException>(() => AutomaticDelta.Otsu([]));
        Assert.Throws<RemaskUsageException>(() => AutomaticDelta.Quantile([0.1], 1.2));
    }
}
