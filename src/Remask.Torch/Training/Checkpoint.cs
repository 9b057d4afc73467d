using System.Text.Json;
using Remask.Core;
using Remask.Core.IO;
using Remask.Torch.Interchange;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>Where a run stands: in the middle of (or at the end of) an epoch's training steps, or with the
/// epoch trained and evaluated and its hook still to run.</summary>
internal enum RunPhase { Training, HookPending }

/// <summary>Everything besides the tensors that a resumed run needs to continue exactly where it stopped.</summary>
internal sealed record CheckpointState
{
    public int Version { get; init; } = 1;
    public required TrainingOptions Options { get; init; }
    public int InChannels { get; init; }
    /// <summary>The epoch in progress (1-based).</summary>
    public int Epoch { get; init; }
    /// <summary>Training steps of <see cref="Epoch"/> already taken.</summary>
    public int Step { get; init; }
    public RunPhase Phase { get; init; }
    public double LossSum { get; init; }
    public int ImagesSeen { get; init; }
    public double Seconds { get; init; }
    /// <summary>The sums of the pixel weighting's tallies over the steps of <see cref="Epoch"/> taken so far.</summary>
    public Dictionary<string, double> WeightingTally { get; init; } = new();
    /// <summary>The folder of the training masks in use (null: the dataset's own masks).</summary>
    public string? TrainMasks { get; init; }
    /// <summary>torch's default CPU generator state (torch.get_rng_state()), base64.</summary>
    public string RngState { get; init; } = "";
    public List<EpochMetrics> Rows { get; init; } = [];
    /// <summary>The evaluated row of <see cref="Epoch"/> while its hook is pending.</summary>
    public EpochMetrics? PendingRow { get; init; }
    /// <summary>The number of MPI ranks that trained the run (null: one process); a resume must run on as many.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Ranks { get; init; }
    /// <summary>A hook stopped the run early (<see cref="EpochHookResult.Stop"/>): it is finished.</summary>
    public bool Stopped { get; init; }
}

/// <summary>
/// The checkpoint folder of a run (RUN/checkpoint): model.pt (PyTorch state_dict), optimizer.pt (PyTorch
/// optimizer state_dict), state.json (<see cref="CheckpointState"/>). Replaced whole and atomically each time.
/// </summary>
internal static class Checkpoint
{
    public const string FolderName = "checkpoint";
    private const string ModelFile = "model.pt", OptimizerFile = "optimizer.pt", StateFile = "state.json";

    public static string FolderOf(string runDirectory) => Path.Combine(runDirectory, FolderName);

    public static bool Exists(string runDirectory) => File.Exists(StatePath(runDirectory));

    /// <summary>After a kill: puts the previous checkpoint back when the kill fell between the two renames that swap a new
    /// checkpoint in (<see cref="AtomicOutput.RecoverDirectory"/>), and deletes half-built ones. Only under the run's
    /// <see cref="RunLock"/>. Returns true when a checkpoint was put back.</summary>
    public static bool Recover(string runDirectory) => AtomicOutput.RecoverDirectory(FolderOf(runDirectory));

    /// <summary>RUN/checkpoint/state.json, which errors about a checkpoint's state name.</summary>
    internal static string StatePath(string runDirectory) => Path.Combine(FolderOf(runDirectory), StateFile);

    public static void Save(string runDirectory, nn.Module model, OptimizerHelper optimizer, CheckpointState state)
    {
        // each file reaches the disk (fsync) before the folder takes the old checkpoint's place: never half-written
        AtomicOutput.WriteDirectory(FolderOf(runDirectory), overwrite: true, dir =>
        {
            WriteSynced(Path.Combine(dir, ModelFile), s => model.save_py(s, leaveOpen: true));
            WriteSynced(Path.Combine(dir, OptimizerFile), s => optimizer.save_py(s, leaveOpen: true));
            WriteSynced(Path.Combine(dir, StateFile), s => s.Write(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state, Json.Options))));
        });
    }

    private static void WriteSynced(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads the state only (to learn the options and channels before the model is built).</summary>
    public static CheckpointState ReadState(string runDirectory)
    {
        string path = StatePath(runDirectory);
        if (!File.Exists(path)) throw new RemaskDataException(FolderOf(runDirectory), "no checkpoint to resume from");
        CheckpointState state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path), Json.Options) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new RemaskDataException(path, $"corrupt checkpoint ({OneLine(e.Message)})");
        }
        if (Problem(state) is { } problem) throw new RemaskDataException(path, $"corrupt checkpoint ({problem})");
        return state;
    }

    /// <summary>What makes a read state unusable, or null: every field a resumed run relies on is checked here, so that a
    /// damaged state.json fails with one line naming it, not later (a null list) or in libtorch (the generator).</summary>
    private static string? Problem(CheckpointState s)
    {
        if (s.Version != 1) return $"version {s.Version} is not 1";
        if (s.Options is null || s.Rows is null || s.Rows.Any(r => r is null) || s.WeightingTally is null || s.RngState is null) return "a field is missing";
        // the images Remask reads have 1 to 4 channels: more would build a network the data cannot feed
        if (s.Epoch < 1 || s.Step < 0 || s.Ranks < 2 || s.InChannels is < 1 or > 4 || s.ImagesSeen < 0 || !Enum.IsDefined(s.Phase)) return "values out of range";
        if (!double.IsFinite(s.LossSum) || !double.IsFinite(s.Seconds) || s.Seconds < 0) return "values out of range";
        try { s.Options.Validate(); }
        catch (RemaskUsageException e) { return $"its options are invalid: {e.Message}"; }
        catch (NullReferenceException) { return "its options hold null where a value belongs"; }
        byte[] rng;
        try { rng = Convert.FromBase64String(s.RngState); }
        catch (FormatException e) { return e.Message; }
        return GeneratorState.Problem(rng);
    }

    /// <summary>Loads model and optimizer tensors and restores torch's random generator.</summary>
    public static void Restore(string runDirectory, nn.Module model, OptimizerHelper optimizer, CheckpointState state)
    {
        string dir = FolderOf(runDirectory);
        StateDictFile.Load(model, Path.Combine(dir, ModelFile));
        string opt = Path.Combine(dir, OptimizerFile);
        if (!File.Exists(opt)) throw new RemaskDataException(opt, "corrupt checkpoint: the optimizer state is missing");
        using var s = File.OpenRead(opt);
        TorchArchive.Check(s, opt, Math.Min(TorchArchive.Limit(StateDictFile.TensorBytes(model)), TorchArchive.LimitOfFile(s.Length)), "the optimizer state");
        try
        {
            NoCollection.During(() => { optimizer.load_py(s); return 0; });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RemaskDataException(opt, $"corrupt checkpoint: cannot read the optimizer state ({e.Message.ReplaceLineEndings(" ")})", e);
        }
        byte[] bytes = Convert.FromBase64String(state.RngState);
        if (GeneratorState.Problem(bytes) is { } problem)
            throw new RemaskDataException(Path.Combine(dir, StateFile), $"corrupt checkpoint ({problem})");
        using var rng = tensor(bytes);
        try { set_rng_state(rng); }
        catch (Exception e) { throw new RemaskDataException(Path.Combine(dir, StateFile), $"corrupt checkpoint: bad generator state ({e.Message.ReplaceLineEndings(" ")})", e); }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    public static string CurrentRngState()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }
}
