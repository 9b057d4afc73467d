using Remask.Torch.Tests.Support;
using Remask.Torch.Tests.Training;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;

namespace Remask.Torch.Tests.Uncertainty;

public class DeepEnsembleTests
{
    [Fact]
    public void Members_are_trained_with_consecutive_seeds_differ_and_a_second_run_skips_finished_members()
    {
        using var dir = new TempDir();
        var options = TrainerTests.Tiny(1) with { Widths = [4, 8], Size = 16 };
        var data = new TrainingData(new DiscSampleSet(4, size: 16));
        var folders = EnsembleTraining.Run(data, options, 2, dir.Sub("ens"));
        Assert.Equal([EnsembleTraining.MemberFolder(dir.Sub("ens"), 0), EnsembleTraining.MemberFolder(dir.Sub("ens"), 1)], folders);
        Assert.Equal(8, RunInfo.Read(folders[1]).Options.Seed);
        var written = File.GetLastWriteTimeUtc(Path.Combine(folders[0], "model.pt"));
        EnsembleTraining.Run(data, options, 2, dir.Sub("ens"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(folders[0], "model.pt")));

        using var ensemble = DeepEnsemble.Load(dir.Sub("ens"));
        Assert.Equal(2, ensemble.Samples);
        Assert.NotEqual(State(ensemble.Members[0])["head.weight"], State(ensemble.Members[1])["head.weight"]);
        var result = ensemble.Sample(Discs(0, 1));
        Assert.True(MaxDifference(SampleOf(result, 1, 0, 2, 16), SampleOf(result, 1, 1, 2, 16)) > 1e-4);
        Assert.Throws<Remask.Core.RemaskDataException>(() => DeepEnsemble.Load(folders[0]));
    }

    [Fact]
    public void A_committee_takes_a_single_model_and_leaves_its_members_alive_when_disposed()
    {
        var options = TrainerTests.Tiny(1) with { Widths = [4, 8], Size = 16 };
        using var model = new Remask.Torch.Models.UNetS(options.ModelConfig(1));
        model.eval();
        float[] first;
        using (var committee = DeepEnsemble.Committee([model], 16))
        {
            Assert.Equal(1, committee.Samples);
            first = committee.Sample(Discs(0, 1));
        }
        // Still usable, and the same eval-mode probabilities as before.
        using var again = DeepEnsemble.Committee([model], 16);
        Assert.Equal(first, again.Sample(Discs(0, 1)));
        Assert.Throws<Remask.Core.RemaskUsageException>(() => new DeepEnsemble([model], 16));
    }
}
