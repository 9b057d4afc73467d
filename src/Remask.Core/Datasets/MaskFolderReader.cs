using System.Globalization;
using Remask.Core.Formats;
using Remask.Core.Imaging;
using Remask.Core.IO;

namespace Remask.Core.Datasets;

/// <summary>
/// Reads the masks of a mask folder by sample name (<see cref="MaskFolderIndex"/>: NAME, NAME_mask,
/// NAME_segmentation), with the foreground rule that fits the folder (<see cref="DerivedMaskStamp.RuleFor"/>).
/// A folder of label volumes (.nii, .nii.gz) serves the slice samples of a volume dataset: "liver_3_z045" is axial
/// slice 45 of liver_3.nii.gz, laid out by the volume's own orientation (<see cref="SliceOrientation.Of"/>); the
/// last two volumes read are kept. Safe to call from several threads at once.
/// </summary>
public sealed class MaskFolderReader
{
    private readonly MaskFolderIndex _index;
    private readonly LruCache<string, NiftiVolume> _volumes = new(2);

    /// <summary>The folder's full path.</summary>
    public string Location => _index.Folder;
    /// <summary>
    /// The rule the masks are read with: "value &gt; 0" for a folder Remask wrote (<see cref="DerivedMaskStamp"/>),
    /// else the rule given to <see cref="Open"/>.
    /// </summary>
    public ForegroundRule Rule { get; }

    private MaskFolderReader(MaskFolderIndex index, ForegroundRule rule)
    {
        _index = index;
        Rule = rule;
    }

    /// <summary>Opens <paramref name="folder"/>; <paramref name="given"/> is the rule of the dataset's own masks (--foreground).
    /// Two files for one sample (<c>a.png</c> and <c>a_mask.png</c>) are an error: which one to train on is not clear.</summary>
    public static MaskFolderReader Open(string folder, ForegroundRule given)
    {
        var index = MaskFolderIndex.Of(folder, volumes: true);
        if (index.Problems.Count > 0) throw new RemaskDataException(index.Problems[0].Path, index.Problems[0].Problem);
        return new MaskFolderReader(index, DerivedMaskStamp.RuleFor(index.Folder, given));
    }

    /// <summary>The file that holds sample <paramref name="name"/>'s mask (for a slice, its volume), or null.</summary>
    public string? PathOf(string name) =>
        _index.PathOf(name) is string path && !DatasetFiles.IsVolumeFile(path) ? path
        : SliceOf(name) is var (volume, _) && _index.PathOf(volume) is string v && DatasetFiles.IsVolumeFile(v) ? v
        : null;

    /// <summary>The file name a mask derived from sample <paramref name="name"/>'s mask is written under (a repaired
    /// mask): its source file's own name (ISIC_0000000_segmentation.png), as .png, when the source is a 2-D mask file;
    /// NAME.png otherwise (no source, or a slice of a label volume). Read back by the same pairing rule.
    /// A name that is not a plain file name (a separator, "..") is a <see cref="RemaskDataException"/> (<see cref="ContainedPath.PlainName"/>).</summary>
    public static string WrittenName(string name, string? sourcePath) =>
        (sourcePath is not null && !DatasetFiles.IsVolumeFile(sourcePath) ? Path.GetFileNameWithoutExtension(sourcePath) : ContainedPath.PlainName(name, sourcePath ?? name)) + ".png";

    /// <summary>Sample <paramref name="name"/>'s mask, or null when the folder has none.</summary>
    public Mask? TryLoad(string name)
    {
        if (PathOf(name) is not string path) return null;
        if (!DatasetFiles.IsVolumeFile(path)) return ImageFiles.ReadMask(path, Rule);
        var (_, z) = SliceOf(name)!.Value;
        var labels = _volumes.GetOrAdd(path, p => NiftiLabels.Read(p));
        if (z >= labels.Nz) throw new RemaskDataException(path, $"has {labels.Nz} slices; the sample {name} asks for slice {z}");
        return NiftiSlices.MaskSlice(labels, z, Rule, SliceOrientation.Of(labels));
    }

    /// <summary>
    /// Sample <paramref name="name"/>'s mask resized to <paramref name="size"/> x <paramref name="size"/> by nearest
    /// neighbour, with its stored size, or null when the folder has none: <c>Resize.Nearest(TryLoad(name), size, size)</c>,
    /// but a mask file is resized as it is read (<see cref="ImageFiles.ReadMask(string, ForegroundRule, int, int)"/>).
    /// </summary>
    public (Mask Mask, int Width, int Height)? TryLoad(string name, int size)
    {
        if (PathOf(name) is string path && !DatasetFiles.IsVolumeFile(path)) return ImageFiles.ReadMask(path, Rule, size, size);
        return TryLoad(name) is Mask slice ? (Resize.Nearest(slice, size, size), slice.Width, slice.Height) : null;
    }

    /// <summary>"liver_3_z045" → ("liver_3", 45) (<see cref="DecathlonLayout.SliceName"/>), or null.</summary>
    public static (string Volume, int Slice)? SliceOf(string name)
    {
        int at = name.LastIndexOf("_z", StringComparison.Ordinal);
        if (at <= 0 || name.Length - at - 2 < 3) return null;
        string digits = name[(at + 2)..];
        if (!digits.All(char.IsAsciiDigit) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int z)) return null;
        return (name[..at], z);
    }
}
