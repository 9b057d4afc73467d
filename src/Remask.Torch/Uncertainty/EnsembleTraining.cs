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
    /// <summary>FOLDER/member-MM, member <paramref name="member"/>'s run folder (two digits at least).</summary>
    public static string MemberFolder(string folder, int member) => Path.Combine(folder, $"member-{member:D2}");

    /// <summary>Trains (or finishes) members 0..M-1; returns their run folders.</summary>
    /// <param name="data">The training (and test) data every member trains on.</param>
    /// <param name="options">The run's options; member m trains with seed <c>options.Seed + m</c>.</param>
    /// <param name="members">M, the number of members.</param>
    /// <param name="folder">FOLDER, which holds the members' run folders.</param>
    /// <param name="progress">Called with the member index and the trainer's progress.</param>
    /// <param name="cancellation">Stops the member in training at a checkpoint, from which it resumes.</param>
    public static IReadOnlyList<string> Run(TrainingData data, TrainingOptions options, int members, string folder,
        Action<int, TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var plan = Members(folder, members, options);
        Directory.CreateDirectory(folder);
        foreach (var member in plan)
        {
            cancellation.ThrowIfCancellationRequested();
            if (member.Start is not RunStart start) continue;
            int m = member.Index;
            var trainer = new Trainer(data, member.Options, member.Folder)
            {
                Progress = progress is null ? null : p => progress(m, p),
                DataDescription = new() { ["ensemble_member"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            trainer.Run(start, cancellation).Model.Dispose();
        }
        return plan.Select(m => m.Folder).ToList();
    }

    /// <summary>
    /// Members 0..M-1 of the ensemble in <paramref name="folder"/>, each with its run folder FOLDER/member-MM, its
    /// options (seed s + m) and how it is to be trained: <see cref="RunStart.New"/> when its folder holds no
    /// run, <see cref="RunStart.Resume"/> when it holds an unfinished one (also one killed before its first checkpoint), null when the member has finished;
    /// with <paramref name="overwrite"/>, <see cref="RunStart.Overwrite"/> for all. Every member is checked before any
    /// is trained: one trained with other options (other than the number of epochs) is refused.
    /// </summary>
    public static IReadOnlyList<EnsembleMember> Members(string folder, int members, TrainingOptions options, bool overwrite = false)
    {
        if (members < 2) throw new RemaskUsageException($"an ensemble needs at least 2 members, got {members}");
        return Enumerable.Range(0, members).Select(m =>
        {
            string dir = MemberFolder(folder, m);
            var memberOptions = options with { Seed = options.Seed + m };
            return new EnsembleMember(m, dir, memberOptions, overwrite ? RunStart.Overwrite : StartOf(dir, memberOptions));
        }).ToList();
    }

    private static RunStart? StartOf(string dir, TrainingOptions options)
    {
        // a member killed before its first checkpoint, or between its checkpoint's renames: resuming starts it again or
        // puts its checkpoint back (RunFolder.CanResume); a new run would refuse the folder it left
        if (!Checkpoint.Exists(dir)) return RunFolder.CanResume(dir) ? RunStart.Resume : RunStart.New;
        var state = Checkpoint.ReadState(dir);
        if (!state.Options.SameAs(options))
            throw new RemaskDataException(dir, "ensemble member was trained with other options (only the number of epochs may change)");
        return state.Epoch > options.Epochs && state.Phase == RunPhase.Training ? null : RunStart.Resume;
    }
}

/// <summary>Member <see cref="Index"/> of an ensemble (<see cref="EnsembleTraining.Members"/>): its run folder, its
/// options and how it is to be trained (null: finished).</summary>
public sealed record EnsembleMember(int Index, string Folder, TrainingOptions Options, RunStart? Start);
