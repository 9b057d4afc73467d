using System.Text;
using Remask.Core.Imaging;
using Remask.Core.Synthetic;
using Remask.Fuzzing.Mutations;
using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Fuzzing.Torch;

/// <summary>
/// The files Remask reads back into TorchSharp: a model folder (model.pt, a PyTorch state_dict, with model.json), as
/// <c>predict</c>, <c>uncertainty</c> and <c>relabel --model</c> load it, and a run's checkpoint (model.pt, optimizer.pt,
/// state.json), as <c>train --resume</c> continues it. Not for parallel runs: torch's generator is process-wide.
/// </summary>
public static class TorchTargets
{
    private const string Fixtures = "tests/Remask.Torch.Tests/Fixtures";

    /// <summary>
    /// Model folders: the state_dicts written by torch.save (PyTorch 1.13) and by Remask in the Torch tests' fixtures, each
    /// with its model.json; either file is mutated, the other kept. The probe loads the folder (ModelFolder.Load).
    /// </summary>
    public static FuzzTarget ModelFolder()
    {
        var folders = new Dictionary<string, (byte[] Pt, byte[] Json)>
        {
            ["tiny"] = (File.ReadAllBytes(RepoFiles.PathOf($"{Fixtures}/tiny_unet_s_state_dict.pt")),
                Encoding.UTF8.GetBytes("""{"format": "remask.unet-s", "version": 1, "in_channels": 1, "widths": [4, 8], "dropout_p": 0.2, "size": 16, "threshold": 0.5, "epoch": 1}""")),
            ["torch-run"] = Folder("torch-run"),
            ["remask-run"] = Folder("remask-run"),
        };
        return new FuzzTarget
        {
            Name = "state-dict",
            Seeds = folders.SelectMany(f => new[] { new FuzzSeed($"{f.Key}/model.pt", f.Value.Pt), new FuzzSeed($"{f.Key}/model.json", f.Value.Json) }).ToList(),
            Mutate = (bytes, random) => IsZip(bytes) ? ZipMutations.Mutate(bytes, random) : JsonMutations.Mutate(bytes, random, []),
            Place = (folder, seed, bytes) => PlaceWithPartners(folder, seed, bytes, folders[seed.FileName.Split('/')[0]] is var (pt, json)
                ? [new FuzzSeed("model.pt", pt), new FuzzSeed("model.json", json)] : []),
            Checksummed = true,
            Probes = [new("ModelFolder.Load", path => LoadModel(Path.GetDirectoryName(path)!))],
        };

        static (byte[], byte[]) Folder(string name) =>
            (File.ReadAllBytes(RepoFiles.PathOf($"{Fixtures}/PyTorch/{name}/model.pt")), File.ReadAllBytes(RepoFiles.PathOf($"{Fixtures}/PyTorch/{name}/model.json")));
    }

    /// <summary>
    /// A run's checkpoint: a tiny run (synth-ct, 4 images of 32 x 32, U-Net-S of widths 4, 8, 16) trained for one epoch in
    /// <paramref name="scratch"/>; one of its checkpoint files mutated, the rest of the run kept. The probe resumes the run
    /// as <c>train --resume</c> does (Trainer.Run with the options of run.json); the run is finished, so an intact
    /// checkpoint resumes to its own weights without training.
    /// </summary>
    public static FuzzTarget Checkpoint(string scratch)
    {
        string run = Path.Combine(scratch, "seed-run");
        if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        using (var result = new Trainer(Data(), Options, run).Run(RunStart.New).Model) { }
        var runFiles = Directory.GetFiles(run, "*", SearchOption.AllDirectories)
            .Select(f => new FuzzSeed(Path.GetRelativePath(run, f), File.ReadAllBytes(f))).ToList();
        return new FuzzTarget
        {
            Name = "checkpoint",
            Seeds = runFiles.Where(f => f.FileName.StartsWith(Remask.Torch.Training.Checkpoint.FolderName + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList(),
            Mutate = (bytes, random) => IsZip(bytes) ? ZipMutations.Mutate(bytes, random) : JsonMutations.Mutate(bytes, random, ["\"/\"", "\"..\"", "\"AAAA\"", "-2147483648", "2147483647", "7"]),
            Place = (folder, seed, bytes) => PlaceWithPartners(folder, seed, bytes, runFiles, "run"),
            Checksummed = true,
            Probes = [new("Trainer resume", Resume)],
        };
    }

    private static readonly TrainingOptions Options = new()
    {
        Epochs = 1, Size = 32, BatchSize = 4, LearningRate = 1e-2, Seed = 7, Widths = [4, 8, 16], PrefetchBatches = 0,
    };

    private static TrainingData Data() => new(new SyntheticSampleSet(SyntheticKind.Ct, 4, 32, 1));

    private static string Resume(string path)
    {
        string run = Path.GetDirectoryName(Path.GetDirectoryName(path)!)!;
        var trainer = new Trainer(Data(), RunInfo.Read(run).Options, run) { OpenMaskFolder = f => new MaskFolderSource(f, ForegroundRule.AnyPositive) };
        using var model = trainer.Run(RunStart.Resume).Model;
        return Weights(model);
    }

    private static string LoadModel(string folder)
    {
        var (model, info) = Remask.Torch.Interchange.ModelFolder.Load(folder);
        using (model) return $"{info.Config.InChannels} {string.Join(',', info.Widths)} {Weights(model)}";
    }

    /// <summary>A hash of every tensor of the state_dict, in order.</summary>
    private static string Weights(nn.Module model)
    {
        var text = new StringBuilder();
        foreach (var (name, t) in model.state_dict())
        {
            using var contiguous = t.contiguous();   // each result in a variable: a bare temporary can be finalized mid-call
            using var bytes = contiguous.cpu();
            text.Append(name).Append(' ').Append(Fingerprint.Hash(bytes.bytes)).Append('\n');
        }
        return Fingerprint.Hash(text.ToString());
    }

    private static bool IsZip(byte[] bytes) => bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4b;

    /// <summary>Writes the mutated file and its unmutated partners into FOLDER/SUBFOLDER (the seed's first path part, or
    /// <paramref name="subfolder"/>), and returns the mutated file's path.</summary>
    private static string PlaceWithPartners(string folder, FuzzSeed seed, byte[] bytes, IEnumerable<FuzzSeed> partners, string? subfolder = null)
    {
        string root = subfolder is null ? Path.Combine(folder, seed.FileName.Split('/')[0]) : Path.Combine(folder, subfolder);
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        string mutated = subfolder is null ? Path.Combine(root, Path.GetFileName(seed.FileName)) : Path.Combine(root, seed.FileName);
        foreach (var p in partners)
        {
            string path = Path.Combine(root, p.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, path == mutated ? bytes : p.Bytes);
        }
        return mutated;
    }
}
