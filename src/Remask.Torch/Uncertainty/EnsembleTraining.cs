using Remask.Core;
using Remask.Torch.Training;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Trains the members of a deep ensemble with the ordinary <see cref="Trainer"/>: member m uses seed s + m and its own
/// run folder FOLDER/member-MM. Resumable member by member: a finished member is skipped, an interrupted one resumed
/// from its checkpoint, a missing one started.
/// </summary>
public static class EnsembleTraining
{
    public static string MemberFolder(string folder, int member) => Path.Combine(folder, $"member-{member:D2}");

    /// <summary>Trains (or finishes) members 0..M-1; returns their run folders.</summary>
    /// <param name="progress">Called with the member index and the trainer's progress.</param>
    public static IReadOnlyList<string> Run(TrainingData data, TrainingOptions options, int members, string folder,
        Action<int, TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (members < 2) throw new RemaskUsageException($"an ensemble needs at least 2 members, got {members}");
        Directory.CreateDirectory(folder);
        var dirs = new List<string>();
        for (int m = 0; m < members; m++)
        {
            cancellation.ThrowIfCancellationRequested();
            string dir = MemberFolder(folder, m);
            dirs.Add(dir);
            var memberOptions = MemberOptions(options, m);
            if (StartOf(dir, memberOptions) is not RunStart start) continue;
            var trainer = new Trainer(data, memberOptions, dir)
            {
                Progress = progress is null ? null : p => progress(m, p),
                DataDescription = new() { ["ensemble_member"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            trainer.Run(start, cancellation).Model.Dispose();
        }
        return dirs;
    }

    /// <summary>Member m's options: the ensemble's with seed s + m.</summary>
    public static TrainingOptions MemberOptions(TrainingOptions options, int member) => options with { Seed = options.Seed + member };

    /// <summary>
    /// How member folder <paramref name="dir"/> is to be trained with <paramref name="options"/>: <see cref="RunStart.New"/>
    /// when it holds no checkpoint, <see cref="RunStart.Resume"/> when it holds an unfinished one, null when the member
    /// has finished. A member trained with other options (other than the number of epochs) is refused.
    /// </summary>
    public static RunStart? StartOf(string dir, TrainingOptions options)
    {
        if (!Checkpoint.Exists(dir)) return RunStart.New;
        var state = Checkpoint.ReadState(dir);
        if (!state.Options.SameAs(options))
            throw new RemaskDataException(dir, "ensemble member was trained with other options (only the number of epochs may change)");
        return state.Epoch > options.Epochs && state.Phase == RunPhase.Training ? null : RunStart.Resume;
    }
}
