using Remask.Core.Imaging;
using Remask.Core.Relabeling;
using Remask.Core.Uncertainty;

namespace Remask.Core.Tests.Relabeling;

public class CommitteeVetoTests
{
    [Fact]
    public void A_change_stays_only_where_the_committee_votes_for_the_new_value_and_unchanged_pixels_are_left_alone()
    {
        //            pixel:   0     1     2     3     4     5
        byte[] label =       [0,    0,    1,    1,    0,    1];
        byte[] proposed =    [1,    1,    0,    0,    0,    1];
        float[] committee =  [0.9f, 0.2f, 0.1f, 0.6f, 0.9f, 0.0f];
        var (mask, vetoed) = CommitteeVeto.Apply(label, proposed, committee);
        // 0: to foreground, committee says foreground: kept. 1: to foreground, committee says background: vetoed.
        // 2: to background, committee agrees: kept. 3: to background, committee says foreground: vetoed.
        // 4 and 5: not changed, whatever the committee says.
        Assert.Equal(new byte[] { 1, 0, 0, 1, 0, 1 }, mask);
        Assert.Equal(2, vetoed);
    }

    [Fact]
    public void Exactly_one_half_is_a_vote_for_background()
    {
        var (mask, vetoed) = CommitteeVeto.Apply([0], [1], [0.5f]);
        Assert.Equal(new byte[] { 0 }, mask);
        Assert.Equal(1, vetoed);
    }

    [Fact]
    public void Growth_from_the_floor_is_judged_against_the_committee_s_own_grow_threshold()
    {
        // A pixel grown to foreground where the committee hedges at 0.4: kept when its threshold is 0.3, vetoed at 0.5;
        // a pixel turned to background is still judged against 0.5.
        byte[] label = [0, 1];
        byte[] proposed = [1, 0];
        float[] committee = [0.4f, 0.45f];
        Assert.Equal(new byte[] { 1, 0 }, CommitteeVeto.Apply(label, proposed, committee, growAt: 0.3f).Mask);
        var (mask, vetoed) = CommitteeVeto.Apply(label, proposed, committee);
        Assert.Equal(new byte[] { 0, 0 }, mask);
        Assert.Equal(1, vetoed);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1.5f)]
    [InlineData(-0.1f)]
    public void A_committee_probability_outside_0_1_is_refused(float q) =>
        Assert.Contains("outside [0, 1]", Assert.Throws<ArgumentException>(() => CommitteeVeto.Apply([0, 0], [0, 1], [0.5f, q])).Message);

    [Fact]
    public void Mismatched_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => CommitteeVeto.Apply([0, 0], [0, 1], [0.5f]));

    private static Mask Disc(int size, double radius)
    {
        var pixels = new byte[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if ((x - 8) * (x - 8) + (y - 8) * (y - 8) <= radius * radius) pixels[y * size + x] = 1;
        return new Mask(size, size, pixels);
    }

    [Fact]
    public void The_tally_applies_the_committee_after_the_flip_policy_and_counts_what_it_undid()
    {
        // The label is a disc of radius 3; the relabeling model sees radius 7; the committee, which trained on the
        // label, sees radius 5. The region policy grows the label to 7, the committee cuts it back to 5.
        var label = Disc(17, 3);
        float[] mean = RelabelMaps.Where(Disc(17, 7), 0.95f, 0.05f);
        float[] committee = RelabelMaps.Where(Disc(17, 5), 0.9f, 0.1f);
        var maps = UncertaintyMaps.Compute([.. mean, .. mean], 2, 17, 17);
        var settings = new RelabelSettings(FlipPolicy.Region, Delta: null, Margin: 0, OpeningRadius: 1, Guard: null);

        var plain = new RelabelTally(settings);
        var grown = plain.Add("a", label, maps, 1, Disc(17, 5), "a.png");
        Assert.Equal(Disc(17, 7), grown);
        Assert.Equal(0, plain.Result().Summary.Vetoed);

        var tally = new RelabelTally(settings);
        var next = tally.Add("a", label, maps, 1, Disc(17, 5), "a.png", committee: committee);
        Assert.Equal(Disc(17, 5), next);
        var row = Assert.Single(tally.Result().Images);
        int ring = RelabelMaps.Count(Disc(17, 7).Pixels) - RelabelMaps.Count(Disc(17, 5).Pixels);
        Assert.Equal(ring, row.Vetoed);
        Assert.Equal(RelabelMaps.Count(Disc(17, 5).Pixels) - RelabelMaps.Count(label.Pixels), row.ToForeground);
        Assert.Equal(ring, tally.Result().Summary.Vetoed);
        Assert.Equal(1.0, row.DiceAfter);
        Assert.Equal(1.0, tally.Result().Summary.ChangePrecision);
    }

    [Fact]
    public void The_tally_names_the_file_when_the_committee_map_is_bad()
    {
        var label = Disc(17, 3);
        float[] mean = RelabelMaps.Where(Disc(17, 7), 0.95f, 0.05f);
        var maps = UncertaintyMaps.Compute([.. mean, .. mean], 2, 17, 17);
        var settings = new RelabelSettings(FlipPolicy.Region, Delta: null, Margin: 0, OpeningRadius: 1, Guard: null);
        var e = Assert.Throws<RemaskDataException>(() => new RelabelTally(settings).Add("a", label, maps, 1, null, "masks/a.png", committee: new float[5]));
        Assert.Contains("masks/a.png", e.Message);
    }
}
