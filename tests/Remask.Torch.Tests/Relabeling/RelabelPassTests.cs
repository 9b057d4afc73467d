using Remask.Core.Datasets;
using Remask.Core.Imaging;
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

    private static int Foreground(string folder, string name)
    {
        var mask = new MaskFolderSource(folder, ForegroundRule.AnyPositive).TryLoad(name)!;
        int n = 0;
        foreach (byte b in mask.Pixels) n += b;
        return n;
    }
}
