using System.Text.Json;
using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;

namespace Remask.Core.Tests.Relabeling;

public class AppearanceCheckTests
{
    private const int S = 32;

    /// <summary>A dark object [8, 24) x [8, 24) on a light background, RGB, with a deterministic pattern of small noise
    /// so that neither colour sample is flat.</summary>
    private static Image Scene(bool sameColours = false)
    {
        var data = new float[3 * S * S];
        float[] inside = sameColours ? [0.8f, 0.6f, 0.55f] : [0.4f, 0.3f, 0.25f], outside = [0.8f, 0.6f, 0.55f];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < S; y++)
                for (int x = 0; x < S; x++)
                    data[(c * S + y) * S + x] = (InBox(x, y, 8, 24) ? inside[c] : outside[c]) + 0.02f * (((x * 7 + y * 13 + c * 5) % 5) - 2);
        return new Image(S, S, 3, data);
    }

    private static bool InBox(int x, int y, int from, int to) => x >= from && x < to && y >= from && y < to;

    private static byte[] Box(int from, int to)
    {
        var m = new byte[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                m[y * S + x] = InBox(x, y, from, to) ? (byte)1 : (byte)0;
        return m;
    }

    [Fact]
    public void A_ring_of_background_added_around_the_object_is_set_back()
    {
        byte[] before = Box(8, 24), after = Box(5, 27);   // three pixels of background all round
        var (mask, undone) = AppearanceCheck.Apply(before, after, Scene(), z: 2);
        Assert.Equal(before, mask);
        Assert.Equal(22 * 22 - 16 * 16, undone);
    }

    [Fact]
    public void A_fill_that_looks_like_the_object_stays_and_a_bite_out_of_the_object_is_set_back()
    {
        byte[] before = Box(8, 24), after = Box(8, 24);
        // before misses the object's right quarter; after fills it (right) and bites a 3 x 3 square out of it (wrong)
        for (int y = 8; y < 24; y++)
            for (int x = 20; x < 24; x++) before[y * S + x] = 0;
        for (int y = 10; y < 13; y++)
            for (int x = 10; x < 13; x++) after[y * S + x] = 0;
        var (mask, undone) = AppearanceCheck.Apply(before, after, Scene(), z: 2);
        byte[] expected = Box(8, 24);
        Assert.Equal(expected, mask);
        Assert.Equal(9, undone);
    }

    [Fact]
    public void A_right_fill_is_not_taken_back_by_as_many_pixels_far_from_both_colours()
    {
        // Grey: object 0.4, background 0.8 (each ±0.04). The fill of the object's right quarter (64 pixels) leaks into a
        // strip of 1.0 beside it (64 pixels), one component. A strip pixel's log-likelihood ratio is about twice a fill
        // pixel's, against the fill, so their mean (-48, 3.8 standard errors; numpy) would take the fill back with the
        // strip. Bounded votes count pixels: a tie, which keeps the change.
        var data = new float[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++)
                data[y * S + x] = x >= 24 && x < 28 && y >= 8 && y < 24 ? 1f : (InBox(x, y, 8, 24) ? 0.4f : 0.8f) + 0.02f * (((x * 7 + y * 13) % 5) - 2);
        byte[] before = Box(8, 24), after = Box(8, 24);
        for (int y = 8; y < 24; y++)
        {
            for (int x = 20; x < 24; x++) before[y * S + x] = 0;
            for (int x = 24; x < 28; x++) after[y * S + x] = 1;
        }
        var (mask, undone) = AppearanceCheck.Apply(before, after, new Image(S, S, 1, data), z: 2);
        Assert.Equal(after, mask);
        Assert.Equal(0, undone);
    }

    [Fact]
    public void Where_object_and_background_share_their_colours_nothing_is_set_back()
    {
        byte[] before = Box(8, 24), after = Box(5, 27);
        var (mask, undone) = AppearanceCheck.Apply(before, after, Scene(sameColours: true), z: 2);
        Assert.Equal(after, mask);
        Assert.Equal(0, undone);
    }

    [Fact]
    public void A_single_pixel_is_never_judged()
    {
        byte[] speck = Box(8, 24);
        speck[2 * S + 2] = 1;   // one background pixel added far from the object
        Assert.Equal(speck, AppearanceCheck.Apply(Box(8, 24), speck, Scene(), z: 0).Mask);
    }

    [Fact]
    public void Without_enough_pixels_on_either_side_the_mask_is_left_as_the_flips_made_it()
    {
        // before and after share no foreground: there is no sample of the object's colours
        byte[] before = Box(14, 16), after = Box(8, 24);
        for (int y = 14; y < 16; y++)
            for (int x = 14; x < 16; x++) after[y * S + x] = 0;
        var (mask, undone) = AppearanceCheck.Apply(before, after, Scene(), z: 2);
        Assert.Equal(after, mask);
        Assert.Equal(0, undone);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        byte[] m = Box(8, 24);
        Assert.Throws<ArgumentOutOfRangeException>(() => AppearanceCheck.Apply(m, m, Scene(), z: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AppearanceCheck.Apply(m, m, Scene(), z: double.NaN));
        Assert.Throws<ArgumentException>(() => AppearanceCheck.Apply(m, new byte[10], Scene(), z: 2));
        byte[] two = Box(8, 24);
        two[0] = 2;
        Assert.Throws<ArgumentException>(() => AppearanceCheck.Apply(m, two, Scene(), z: 2));
    }

    [Fact]
    public void A_relabel_pass_sets_back_what_the_image_refutes_only_when_it_has_the_image_and_counts_it()
    {
        // The model over-segments: sure over the object and a three-pixel ring of background around it.
        var label = new Mask(S, S, Box(8, 24));
        var p = new float[S * S];
        for (int i = 0; i < p.Length; i++) p[i] = Box(5, 27)[i] != 0 ? 0.95f : 0.05f;
        var maps = UncertaintyMaps.Compute([.. p, .. p], 2, S, S);
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0, OpeningRadius: 1, AppearanceZ: 2);

        var withoutImage = new RelabelTally(settings);
        byte[] grown = withoutImage.Add("a", label, maps, 1, null, "a.png").Pixels.ToArray();
        Assert.True(grown.Count(v => v != 0) > 16 * 16, "without the image the ring stays");
        Assert.Equal(0, Assert.Single(withoutImage.Result().Images).Refuted);

        var tally = new RelabelTally(settings);
        var next = tally.Add("a", label, maps, 1, label, "a.png", Scene());
        Assert.Equal(Box(8, 24), next.Pixels.ToArray());
        var row = Assert.Single(tally.Result().Images);
        Assert.Equal(grown.Count(v => v != 0) - 16 * 16, row.Refuted);
        Assert.Equal((0, 0), (row.ToForeground, row.ToBackground));
        Assert.Equal(1.0, row.DiceAfter);

        var e = Assert.Throws<RemaskDataException>(() => new RelabelTally(settings).Add("a", label, maps, 1, null, "masks/a.png", new Image(S / 2, S * 2, 3, new float[3 * S * S])));
        Assert.Contains("masks/a.png", e.Message);
    }

    [Fact]
    public void The_setting_is_refused_out_of_range_or_with_another_policy()
    {
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Paper, AppearanceZ: 2).Validate());
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Region, AppearanceZ: -0.5).Validate());
        Assert.Throws<RemaskUsageException>(() => new RelabelSettings(FlipPolicy.Region, AppearanceZ: double.PositiveInfinity).Validate());
        new RelabelSettings(FlipPolicy.Region, AppearanceZ: 0).Validate();
    }

    public static TheoryData<string> FixtureNames() => new(Fixtures().Select(c => c.GetProperty("name").GetString()!));

    private static IEnumerable<JsonElement> Fixtures()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Relabeling", "appearance.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray();
    }

    /// <summary>numpy/scipy's masks (make_appearance_fixtures.py): RGB and grey scenes where a filled side is right, a
    /// band of background and a bite are wrong; z = 0 and an image whose two sides share one colour.</summary>
    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Matches_numpy_and_scipy(string name)
    {
        var c = Fixtures().Single(e => e.GetProperty("name").GetString() == name);
        int w = c.GetProperty("width").GetInt32(), h = c.GetProperty("height").GetInt32(), ch = c.GetProperty("channels").GetInt32();
        var image = new Image(w, h, ch, c.GetProperty("image").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray());
        byte[] Bytes(string key) => c.GetProperty(key).EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
        var (mask, undone) = AppearanceCheck.Apply(Bytes("before"), Bytes("after"), image, c.GetProperty("z").GetDouble());
        Assert.Equal(Bytes("expected"), mask);
        Assert.Equal(c.GetProperty("undone").GetInt32(), undone);
    }
}
