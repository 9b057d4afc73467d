using Remask.Torch.Interchange;
using Remask.Torch.Models;

namespace Remask.Torch.Relabeling;

/// <summary>RUN/snapshots/model-E.pt: the weights after epoch E, kept for the last A epochs only (older files are
/// deleted), for <see cref="WeightAverage"/>. Written by the hook after every epoch, from the weights the checkpoint
/// holds, so a run interrupted and resumed writes the same files.</summary>
internal static class Snapshots
{
    public const string FolderName = "snapshots";

    public static void Save(string runDirectory, UNetS model, int epoch, int keep)
    {
        string dir = Path.Combine(runDirectory, FolderName);
        Directory.CreateDirectory(dir);
        StateDictFile.Save(model, PathOf(runDirectory, epoch));
        foreach (string file in Directory.EnumerateFiles(dir, "model-*.pt"))
            if (int.TryParse(Path.GetFileNameWithoutExtension(file)["model-".Length..], out int e) && e <= epoch - keep)
                File.Delete(file);
    }

    /// <summary>The snapshots of epochs max(1, epoch - count + 1) .. epoch that exist, oldest first.</summary>
    public static IReadOnlyList<string> Last(string runDirectory, int epoch, int count) =>
        Enumerable.Range(Math.Max(1, epoch - count + 1), Math.Min(count, epoch)).Select(e => PathOf(runDirectory, e)).Where(File.Exists).ToList();

    private static string PathOf(string runDirectory, int epoch) => Path.Combine(runDirectory, FolderName, $"model-{epoch}.pt");
}
