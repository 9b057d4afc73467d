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
}

/// <summary>
/// A folder of mask files named after the samples (<c>NAME.png</c>, or another extension from
/// <see cref="Extensions"/>), read with the given reader (for example Remask.Core's mask reader).
/// </summary>
public sealed class MaskFolderSource : IMaskSource
{
    private readonly Func<string, Mask> _read;

    public string Location { get; }
    public IReadOnlyList<string> Extensions { get; }

    public MaskFolderSource(string folder, Func<string, Mask> read, IReadOnlyList<string>? extensions = null)
    {
        if (!Directory.Exists(folder)) throw new Core.RemaskDataException(folder, "mask folder not found");
        Location = Path.GetFullPath(folder);
        _read = read;
        Extensions = extensions ?? [".png"];
    }

    public Mask? TryLoad(string name)
    {
        foreach (string ext in Extensions)
        {
            string path = Path.Combine(Location, name + ext);
            if (File.Exists(path)) return _read(path);
        }
        return null;
    }
}
