using Remask.Core;
using Remask.Core.Datasets;
using Remask.Torch.Training;

namespace Remask.Cli.Commands;

/// <summary>The samples a run trained with <c>--holdout</c> held out, as recorded in its run.json.</summary>
internal static class HeldOutSamples
{
    /// <summary>A test of sample (or volume) names: true for the held-out ones (<see cref="Holdout.Includes"/>).</summary>
    public static Func<string, bool> Of(string run)
    {
        var info = RunInfo.Read(run);
        if (info.Data.GetValueOrDefault("holdout_groups") is not string groups)
            throw new RemaskUsageException($"{run} was not trained with --holdout; it holds nothing out");
        var set = new HashSet<string>(groups.Split('\n'), StringComparer.Ordinal);
        return name => Holdout.Includes(set, name);
    }
}
