using Remask.Core;

namespace Remask.Cli.Commands;

/// <summary>
/// What <c>mpirun -np N remask train</c> supports in this version (docs/scale.md): plain training (<c>--method none</c>)
/// of one model. Relabeling, reweighting, ensembles and <c>--cache</c> are refused with a one-line usage error rather
/// than run wrong (every rank would write the same folders).
/// </summary>
internal static class DataParallelSupport
{
    /// <summary>Throws <see cref="RemaskUsageException"/> naming the first option that N ranks do not support yet.</summary>
    public static void Check(TrainingRun run, TrainSettings settings, int ranks)
    {
        string? unsupported =
            run.Options.Relabel is not null ? "--method relabel" :
            run.Options.Reweight is not null ? "--method reweight" :
            settings.Ensemble is not null ? "--ensemble" :
            run.Description.GetValueOrDefault("cache") is not null ? "--cache" : null;
        if (unsupported is not null)
            throw new RemaskUsageException($"{unsupported} is not supported on {ranks} MPI ranks yet: data-parallel training runs --method none only (docs/scale.md)");
    }
}
