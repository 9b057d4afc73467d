using System.Text.Json;
using Remask.Core.Datasets;
using Remask.Fuzzing.Mutations;

namespace Remask.Fuzzing.Targets;

/// <summary>
/// A Decathlon task's dataset.json, read by dataset discovery beside the fixture task's volumes. Besides the generic
/// JSON mutations, entries are pointed outside the task folder (.., absolute paths, separators of the other platform, a
/// valid volume that lies outside): discovery must refuse them or leave them out, and every sample it lists must lie
/// inside the task folder, and no split may list a sample twice.
/// </summary>
public static class DatasetJsonTarget
{
    private const string Task = "tests/Remask.Core.Tests/Fixtures/datasets/Task03_Liver";

    public static FuzzTarget Create() => new()
    {
        Name = "dataset-json",
        Seeds = RepoFiles.Seeds(Task, "dataset.json"),
        Mutate = (bytes, random) => JsonMutations.Mutate(bytes, random, Hostile),
        Place = Place,
        NamesFile = (message, path) => message.Contains(path, StringComparison.Ordinal) || message.Contains(RootOf(path), StringComparison.Ordinal),
        Probes = [new("Discover", Discover)],
    };

    /// <summary>Entries that leave the task folder, or do not name a file in it; OUTSIDE is a valid volume beside the task.</summary>
    private static readonly string[] Hostile =
    [
        "\"../outside.nii.gz\"", "\"./imagesTr/../../outside.nii.gz\"", "\"/etc/hostname\"", "\"OUTSIDE\"", "\"..\"", "\".\"", "\"/\"",
        "\"imagesTr\"", "\"./imagesTr/\"", "\"..\\\\outside.nii.gz\"", "\"C:\\\\outside.nii.gz\"", "\"./imagesTr/liver_0.nii.gz\\u0000.png\"",
        "\"./labelsTr/liver_0.nii.gz\"", "\"./imagesTs/liver_2.nii.gz\"", "\"imagesTr/liver_1.nii.gz\"", "\"~/outside.nii.gz\"",
        "\"file:///etc/hostname\"", "\"./imagesTr/*.nii.gz\"", "\"./imagesTr//liver_0.nii.gz\"",
    ];

    /// <summary>The task's volumes are copied once into FOLDER/Task03_Liver with a valid volume beside it (FOLDER/outside.nii.gz);
    /// each case writes dataset.json.</summary>
    private static string Place(string folder, FuzzSeed seed, byte[] bytes)
    {
        string root = Path.Combine(folder, "Task03_Liver");
        if (!Directory.Exists(root))
        {
            foreach (string file in Directory.GetFiles(RepoFiles.PathOf(Task), "*.nii.gz", SearchOption.AllDirectories))
            {
                string to = Path.Combine(root, Path.GetRelativePath(RepoFiles.PathOf(Task), file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
            File.Copy(Path.Combine(root, "labelsTr", "liver_0.nii.gz"), Path.Combine(folder, "outside.nii.gz"), overwrite: true);
        }
        string text = System.Text.Encoding.UTF8.GetString(bytes).Replace("OUTSIDE", Path.Combine(folder, "outside.nii.gz"), StringComparison.Ordinal);
        string path = Path.Combine(root, "dataset.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string RootOf(string datasetJson) => Path.GetDirectoryName(datasetJson)!;

    private static string Discover(string datasetJson)
    {
        string root = RootOf(datasetJson);
        var index = DatasetDiscovery.Discover(root, new DatasetOptions { CacheDirectory = Path.Combine(root, "..", "cache") });
        string inside = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var lines = new List<string> { index.Layout.ToString() };
        foreach (var split in index.Splits)
        {
            if (split.Samples.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new InvalidReadException($"split {split.Name} lists sample {twice.Key} {twice.Count()} times");
            foreach (var s in split.Samples)
            {
                foreach (string? file in new[] { s.ImagePath, s.MaskPath })
                    if (file is not null && !Path.GetFullPath(file).StartsWith(inside, StringComparison.Ordinal))
                        throw new InvalidReadException($"sample {s.Name} reads {file}, outside the dataset folder");
                lines.Add($"{split.Name} {s.Name} {Path.GetRelativePath(root, s.ImagePath)} {(s.MaskPath is null ? "-" : Path.GetRelativePath(root, s.MaskPath))}");
            }
        }
        foreach (var p in index.Problems)
            if (p.ToString().Contains('\n')) throw new InvalidReadException($"a problem spans lines: {JsonSerializer.Serialize(p.ToString())}");
        lines.Add($"{index.Problems.Count} problems");
        return Fingerprint.Hash(string.Join('\n', lines));
    }
}
