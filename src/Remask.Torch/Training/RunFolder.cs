using System.Text.Json;
using Remask.Core;
using Remask.Core.IO;
using Remask.Torch.Interchange;

namespace Remask.Torch.Training;

/// <summary>How a run folder is opened: a new run (the folder must not exist or be empty), a new run replacing an
/// earlier run's folder, the continuation of an interrupted run, or a new training in a folder that the caller has
/// prepared (it holds run.json and the outputs of earlier stages, such as cross-fitted relabeling, but no checkpoint).</summary>
public enum RunStart
{
    /// <summary>A new run: the folder must not exist or be empty.</summary>
    New,
    /// <summary>A new run that replaces an earlier run's folder.</summary>
    Overwrite,
    /// <summary>The continuation of an interrupted run, from its checkpoint.</summary>
    Resume,
    /// <summary>
    /// A new training in a folder the caller prepared (run.json, earlier stages' outputs, no checkpoint).
    /// </summary>
    Prepared,
}

/// <summary>
/// run.json: the options and the data a run was started with (as the caller described them, for example
/// the command line's paths), so that <c>remask train --resume RUN</c> can rebuild the same run.
/// </summary>
public sealed record RunInfo
{
    /// <summary>The file's name in a run folder: <c>run.json</c>.</summary>
    public const string FileName = "run.json";
    /// <summary>The format's version (1).</summary>
    public int Version { get; init; } = 1;
    /// <summary>The options the run was started with; a resume trains with them.</summary>
    public required TrainingOptions Options { get; init; }
    /// <summary>The data as the caller described them, by key (for example the command line's paths).</summary>
    public Dictionary<string, string?> Data { get; init; } = new();

    /// <summary>
    /// The number of MPI ranks of a data-parallel run (<c>mpirun -np N remask train</c>, docs/scale.md); null for one
    /// process. A resume must run on as many ranks.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Ranks { get; init; }

    /// <summary>Reads <c>run.json</c> from <paramref name="runDirectory"/>.</summary>
    /// <exception cref="RemaskDataException">The file is missing, or not a run description.</exception>
    public static RunInfo Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new RemaskDataException(runDirectory, "not a Remask run folder (no run.json)");
        try
        {
            var info = JsonSerializer.Deserialize<RunInfo>(File.ReadAllText(path), Json.Options) ?? throw new JsonException("empty");
            if (info.Options is null) throw new JsonException("no options");
            return info;
        }
        catch (JsonException e) { throw new RemaskDataException(path, $"corrupt run description ({e.Message})"); }
    }

    /// <summary>Writes <c>run.json</c> into <paramref name="runDirectory"/> (atomically).</summary>
    public void Write(string runDirectory) =>
        AtomicOutput.WriteAllText(Path.Combine(runDirectory, FileName), JsonSerializer.Serialize(this, Json.Options) + "\n");
}

/// <summary>Creating, replacing and checking run folders.</summary>
public static class RunFolder
{
    /// <summary>Makes <paramref name="runDirectory"/> ready for a run started as <paramref name="start"/> (after
    /// <see cref="Check"/>; the caller holds the folder's <see cref="RunLock"/>).</summary>
    public static void Prepare(string runDirectory, RunStart start)
    {
        Check(runDirectory, start);
        if (start == RunStart.Overwrite && Directory.Exists(runDirectory))
        {
            // everything but the lock file, which the process that overwrites holds (RunLock)
            foreach (string entry in Directory.EnumerateFileSystemEntries(runDirectory).Where(e => !RunLock.IsLockFile(e)).ToList())
            {
                if (!Directory.Exists(entry)) File.Delete(entry);
                else if (new DirectoryInfo(entry).LinkTarget is not null) Directory.Delete(entry);   // a link: not what it points to
                else Directory.Delete(entry, recursive: true);
            }
        }
        else if (start is RunStart.Resume or RunStart.Prepared)
        {
            // what a killed process left: a checkpoint under its temporary name, half-written temporary files
            Checkpoint.Recover(runDirectory);
            AtomicOutput.RemoveLeftovers(runDirectory);
        }
        Directory.CreateDirectory(runDirectory);
    }

    /// <summary>A run folder that <see cref="RunStart.Resume"/> can continue: it holds a checkpoint, one that a kill left
    /// under its temporary name (<see cref="Checkpoint.Recover"/>), or at least run.json (a run killed before its first
    /// checkpoint, or in an earlier stage such as cross-fitting, starts again from what run.json records).</summary>
    public static bool CanResume(string runDirectory) =>
        Checkpoint.Exists(runDirectory) || File.Exists(Path.Combine(runDirectory, RunInfo.FileName))
        || (Directory.Exists(runDirectory) && Directory.EnumerateDirectories(runDirectory, "." + Checkpoint.FolderName + ".tmp-*.old").Any());

    /// <summary>Refuses, before anything is written (not even the lock file), a folder that a run started as
    /// <paramref name="start"/> cannot use: a file, a missing folder to resume, a non-empty folder for a new run, a
    /// folder that is not a run folder to overwrite.</summary>
    public static void Check(string runDirectory, RunStart start)
    {
        if (File.Exists(runDirectory)) throw new RemaskDataException(runDirectory, "is a file, not a run folder");
        bool exists = Directory.Exists(runDirectory);
        bool empty = !exists || !Directory.EnumerateFileSystemEntries(runDirectory).Any(e => !RunLock.IsLockFile(e));
        switch (start)
        {
            case RunStart.Resume:
                if (!exists) throw new RemaskDataException(runDirectory, "run folder not found");
                if (!CanResume(runDirectory)) throw new RemaskDataException(runDirectory, "no checkpoint to resume from");
                return;
            case RunStart.Prepared:
                if (!exists) throw new RemaskDataException(runDirectory, "run folder not found");
                if (Checkpoint.Exists(runDirectory)) throw new RemaskDataException(runDirectory, "already holds a checkpoint; resume it instead");
                return;
            case RunStart.New when !empty:
                throw new RemaskDataException(runDirectory, "run folder already exists; pass --resume to continue it or --overwrite to start again");
            case RunStart.Overwrite when !empty:
                if (!File.Exists(Path.Combine(runDirectory, RunInfo.FileName)) && !Checkpoint.Exists(runDirectory))
                    throw new RemaskDataException(runDirectory, "is not empty and not a Remask run folder; refusing to overwrite it");
                return;
        }
    }
}
