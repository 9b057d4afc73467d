using Remask.Core;
using Remask.Torch.Models;
using Remask.Torch.Training;

namespace Remask.KillTesting;

/// <summary>
/// Reads what a killed run left in its folder: where the kill landed (the stage and epoch its checkpoints reached, a
/// checkpoint write in progress) and whether every checkpoint there is either absent or complete and readable:
/// <see cref="Checkpoint.ReadState"/>, then model and optimizer restored into a network built from it, as a resume does.
/// </summary>
public static class RunFolderProbe
{
    /// <summary>What the folder shows: for example "fold 2 epoch 3 (hook pending)", "relabel passes", "final model epoch 5
    /// (training)", with "; checkpoint write in progress" or "; between the checkpoint swap's renames" when a
    /// temporary checkpoint folder was left.</summary>
    public static string WhereKilled(string run)
    {
        if (!File.Exists(Path.Combine(run, RunInfo.FileName))) return "start-up (no run.json yet)";
        string stage;
        string crossFit = Path.Combine(run, "cross-fit");
        if (Checkpoint.Exists(run) || HasOldCheckpoint(run))
            stage = (Directory.Exists(crossFit) ? "final model " : "") + Describe(run);
        else if (!Directory.Exists(crossFit))
            stage = "epoch 1 (before the first checkpoint)";
        else
        {
            var rounds = Directory.GetDirectories(crossFit, "round-*").Order(StringComparer.Ordinal).ToList();
            string? round = rounds.LastOrDefault();
            if (round is null) stage = "cross-fit start";
            else if (File.Exists(Path.Combine(round, "round.json"))) stage = $"{Path.GetFileName(round)} done, final model before its first checkpoint";
            else
            {
                var folds = Directory.GetDirectories(round, "fold-*").Order(StringComparer.Ordinal).ToList();
                var finished = folds.Count(f => Checkpoint.Exists(f) && Finished(Checkpoint.ReadState(f)));
                string last = folds.LastOrDefault() ?? round;
                stage = folds.Count > 0 && finished == folds.Count && folds.Count >= 2
                    ? $"{Path.GetFileName(round)} relabel passes ({folds.Count(f => Directory.Exists(Path.Combine(f, "relabeled")))} of {folds.Count} written)"
                    : $"{Path.GetFileName(round)} {Path.GetFileName(last)} " + (Checkpoint.Exists(last) || HasOldCheckpoint(last) ? Describe(last) : "before its first checkpoint");
            }
        }
        var writes = CheckpointFolders(run).SelectMany(Temporaries).ToList();
        if (writes.Any(t => t.EndsWith(".old", StringComparison.Ordinal) && !Checkpoint.Exists(Path.GetDirectoryName(t)!)))
            return stage + "; between the checkpoint swap's renames";
        if (writes.Any(t => !t.EndsWith(".old", StringComparison.Ordinal))) return stage + "; checkpoint write in progress";
        if (writes.Count > 0) return stage + "; deleting the replaced checkpoint";
        return stage;
    }

    /// <summary>Null when every checkpoint of the run (its own and its cross-fit folds') is absent or complete and
    /// readable; otherwise the first problem.</summary>
    public static string? CheckpointProblem(string run)
    {
        foreach (string folder in CheckpointFolders(run))
        {
            if (!Directory.Exists(Checkpoint.FolderOf(folder))) continue;
            try
            {
                var state = Checkpoint.ReadState(folder);
                using var model = new UNetS(state.Options.ModelConfig(state.InChannels));
                using var adam = new ScalarSafeAdam(model.parameters(), state.Options.LearningRate);
                Checkpoint.Restore(folder, model, adam, state);
            }
            catch (RemaskDataException e)
            {
                return $"half-written checkpoint in {folder}: {e.Message}";
            }
        }
        return null;
    }

    /// <summary>The run folder and its cross-fit fold folders.</summary>
    public static IEnumerable<string> CheckpointFolders(string run)
    {
        yield return run;
        string crossFit = Path.Combine(run, "cross-fit");
        if (!Directory.Exists(crossFit)) yield break;
        foreach (string round in Directory.GetDirectories(crossFit, "round-*").Order(StringComparer.Ordinal))
            foreach (string fold in Directory.GetDirectories(round, "fold-*").Order(StringComparer.Ordinal))
                yield return fold;
    }

    private static bool Finished(CheckpointState s) => s.Stopped || s.Epoch > s.Options.Epochs;

    private static string Describe(string folder)
    {
        if (!Checkpoint.Exists(folder)) return "(checkpoint under its temporary name only)";
        var s = Checkpoint.ReadState(folder);
        if (Finished(s)) return $"finished ({s.Rows.Count} epochs)";
        return s.Phase == RunPhase.HookPending ? $"epoch {s.Epoch} (trained, hook and model files pending)" : $"epoch {s.Epoch} (training)";
    }

    private static bool HasOldCheckpoint(string folder) => Temporaries(folder).Any(t => t.EndsWith(".old", StringComparison.Ordinal));

    private static IEnumerable<string> Temporaries(string folder) =>
        Directory.Exists(folder) ? Directory.GetDirectories(folder, "." + Checkpoint.FolderName + ".tmp-*") : [];
}
