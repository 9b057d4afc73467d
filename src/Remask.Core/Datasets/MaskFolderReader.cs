using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>
/// Reads the masks of a mask folder by sample name (<see cref="MaskFolderIndex"/>: NAME, NAME_mask,
/// NAME_segmentation), with the foreground rule that fits the folder (<see cref="DerivedMaskStamp.RuleFor"/>).
/// Safe to call from several threads at once.
/// </summary>
public sealed class MaskFolderReader
{
    private readonly MaskFolderIndex _index;

    public string Location => _index.Folder;
    public ForegroundRule Rule { get; }

    private MaskFolderReader(MaskFolderIndex index, ForegroundRule rule)
    {
        _index = index;
        Rule = rule;
    }

    /// <summary>Opens <paramref name="folder"/>; <paramref name="given"/> is the rule of the dataset's own masks (--foreground).</summary>
    public static MaskFolderReader Open(string folder, ForegroundRule given)
    {
        var index = MaskFolderIndex.Of(folder);
        return new MaskFolderReader(index, DerivedMaskStamp.RuleFor(index.Folder, given));
    }

    /// <summary>The file that holds sample <paramref name="name"/>'s mask, or null.</summary>
    public string? PathOf(string name) => _index.PathOf(name);

    /// <summary>Sample <paramref name="name"/>'s mask, or null when the folder has none.</summary>
    public Mask? TryLoad(string name) => _index.PathOf(name) is string path ? ImageFiles.ReadMask(path, Rule) : null;
}
