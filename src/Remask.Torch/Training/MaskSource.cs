using Remask.Core.Datasets;
using Remask.Core.Imaging;

namespace Remask.Torch.Training;

/// <summary>
/// Masks that replace a dataset's own masks, looked up by sample name: the noisy training masks given with
/// <c>--masks</c>, the noisy test masks, or the relabeled masks that the relabeling step writes.
/// Must be safe to call from several threads at once.
/// </summary>
public interface IMaskSource
{
    /// <summary>Where the masks live (a folder path); recorded in checkpoints so that a resumed run reopens it.</summary>
    string Location { get; }

    /// <summary>The mask for the sample named <paramref name="name"/>, or null when there is none.</summary>
    Mask? TryLoad(string name);

    /// <summary>The file that holds it, where the source is a folder of files; null otherwise.</summary>
    string? PathOf(string name) => null;
}

/// <summary>
/// A folder of mask files named after the samples, found and read by Remask.Core's one rule
/// (<see cref="MaskFolderReader"/>: NAME, NAME_mask or NAME_segmentation; folders Remask wrote read as value &gt; 0).
/// </summary>
public sealed class MaskFolderSource : IMaskSource
{
    /// <summary>The reader of the folder, with the foreground rule that fits it.</summary>
    public MaskFolderReader Reader { get; }

    /// <inheritdoc/>
    public string Location => Reader.Location;

    /// <summary><paramref name="rule"/>: the foreground rule of the dataset's own masks (--foreground).</summary>
    public MaskFolderSource(string folder, ForegroundRule rule) => Reader = MaskFolderReader.Open(folder, rule);

    /// <inheritdoc/>
    public Mask? TryLoad(string name) => Reader.TryLoad(name);

    /// <inheritdoc/>
    public string? PathOf(string name) => Reader.PathOf(name);
}
