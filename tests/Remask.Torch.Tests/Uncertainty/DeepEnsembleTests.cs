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
}
