using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Remask.Core.Relabeling;
using Remask.Torch.Models;
using Remask.Torch.Relabeling;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Relabeling;

public class RelabelPassTests
{
    /// <summary>A model that predicts the same logit everywhere: its head's weights are 0 and its bias is
    /// <paramref name="logit"/>.</summary>
    private static UNetS Constant(float logit)
    {
        var model = new UNetS(new UNetSConfig(1, [4, 8]));
        using (no_grad())
        {
            model.get_parameter("head.weight")!.zero_();
            model.get_parameter("head.bias")!.fill_(logit);
        }
        model.eval();
        return model;
    }

    [Fact]
    public void A_committee_that_sees_background_everywhere_vetoes_every_change_to_foreground()
    {
        using var dir = new TempDir();
        var set = new DiscSampleSet(3, size: 16);
        var labels = RelabelHookTests.Eroded(set);
        // The relabeling model sees foreground everywhere, so the region policy grows every label to the full image.
        using var everywhere = Constant(8);
        using var nowhere = Constant(-8);
        var settings = new RelabelSettings(FlipPolicy.Region, Delta: null, Margin: 0, OpeningRadius: 1, Guard: null);
        var sampler = new BoundEstimator(EstimatorFactory.Create("mcdo", 2, 0), everywhere, 16);

        var grown = RelabelPass.Run(sampler, set, labels, null, settings, dir.Sub("grown"), overwrite: false);
        var held = RelabelPass.Run(sampler, set, labels, null, settings, dir.Sub("held"), overwrite: false,
            committee: DeepEnsemble.Committee([nowhere], 16));

        Assert.All(grown.Images, r => Assert.Equal((16 * 16, 0), (Foreground(dir.Sub("grown"), r.Name), r.Vetoed)));
        Assert.True(grown.Summary.ToForeground > 0);
        Assert.Equal(0, grown.Summary.Vetoed);
        Assert.All(held.Images, r => Assert.Equal(0, r.ToForeground + r.ToBackground));
        Assert.Equal(grown.Summary.ToForeground, held.Summary.Vetoed);
        for (int i = 0; i < set.Count; i++)
            Assert.Equal(labels.TryLoad(set.NameOf(i)), new MaskFolderSource(dir.Sub("held"), ForegroundRule.AnyPositive).TryLoad(set.NameOf(i)));
    }

    [Fact]
    public void A_pass_measures_whether_its_labels_follow_the_edges_and_snaps_every_image_when_they_cut_across_them()
    {
        // Labels: the discs eroded by 2 px, whose outlines run through flat brightness. The model knows nothing (p = 0.45
        // everywhere), so the region policy flips nothing; only the edge snap, asked of every image because the labels'
        // outlines carry none of the contrast the discs' edges beside them do, moves them out to the discs.
        using var dir = new TempDir();
        var set = new DiscSampleSet(3, size: 48);
        var labels = new InMemoryMasks("eroded", name => DiskMorphology.Erode(set.Load(int.Parse(name[5..])).Mask!, 2));
        using var unsure = Constant(-0.2f);
        var settings = new RelabelSettings(FlipPolicy.Region, Margin: 0.2, OpeningRadius: 1, SnapRadius: 3, SnapWeight: 4, SnapAlignment: 0.45);
        var sampler = new BoundEstimator(EstimatorFactory.Create("mcdo", 2, 0), unsure, 48);

        var ratios = RelabelPass.AlignmentRatios(sampler, set, labels, settings, count: 64);
        Assert.Equal(3, ratios.Count);
        Assert.All(ratios, r => Assert.InRange(r, 0, 0.05));
        var pass = RelabelPass.Run(sampler, set, labels, null, settings, dir.Sub("snapped"), overwrite: false);
        Assert.Equal(OutlineAlignment.Median(ratios), pass.Summary.OutlineAlignment);
        Assert.True(pass.Summary.SnappedEveryImage);
        var written = new MaskFolderSource(dir.Sub("snapped"), ForegroundRule.AnyPositive);
        for (int i = 0; i < set.Count; i++)
        {
            var disc = set.Load(i).Mask!;
            double before = Remask.Core.Metrics.ConfusionCounts.Of(labels.TryLoad(set.NameOf(i))!, disc).Dice;
            double after = Remask.Core.Metrics.ConfusionCounts.Of(written.TryLoad(set.NameOf(i))!, disc).Dice;
            Assert.True(after > 0.97 && after > before, $"{set.NameOf(i)}: Dice with the disc {before:F3} -> {after:F3}");
        }

        // Without the alignment threshold, nothing is measured and the labels stay as they were.
        var plain = RelabelPass.Run(sampler, set, labels, null, settings with { SnapAlignment = null }, dir.Sub("plain"), overwrite: false);
        Assert.Null(plain.Summary.OutlineAlignment);
        Assert.All(plain.Images, r => Assert.Equal(0, r.ToForeground + r.ToBackground));
    }

    private static int Foreground(string folder, string name)
    {
        var mask = new MaskFolderSource(folder, ForegroundRule.AnyPositive).TryLoad(name)!;
        int n = 0;
        foreach (byte b in mask.Pixels) n += b;
        return n;
    }
}
