using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>
/// A sample set whose masks come from another folder: <c>FOLDER/NAME.png</c> for each sample NAME (the noisy
/// masks written by <c>remask corrupt</c>, or masks repaired by relabeling). The images are those of the inner set.
/// A missing or wrongly sized mask is an error naming the file.
/// </summary>
public sealed class MaskFolderSampleSet : ISampleSet
{
    private readonly ISampleSet _inner;
    private readonly string _folder;
    private readonly ForegroundRule _rule;

    public MaskFolderSampleSet(ISampleSet inner, string folder, ForegroundRule rule)
    {
        if (!Directory.Exists(folder)) throw new RemaskDataException(folder, "masks folder not found");
        _inner = inner;
        _folder = folder;
        _rule = rule;
    }

    public string Folder => _folder;

    public int Count => _inner.Count;

    public string NameOf(int index) => _inner.NameOf(index);

    public string MaskPathOf(int index) => Path.Combine(_folder, _inner.NameOf(index) + ".png");

    /// <summary>Every sample whose mask file is missing in the folder (to report them all at once).</summary>
    public IReadOnlyList<string> MissingMasks() =>
        Enumerable.Range(0, Count).Select(MaskPathOf).Where(p => !File.Exists(p)).ToList();

    public Sample Load(int index)
    {
        Sample inner = _inner.Load(index);
        string path = MaskPathOf(index);
        if (!File.Exists(path)) throw new RemaskDataException(path, $"no mask for sample '{inner.Name}' in {_folder}");
        Mask mask = ImageFiles.ReadMask(path, _rule);
        if (mask.Width != inner.Image.Width || mask.Height != inner.Image.Height)
            throw new RemaskDataException(path, $"mask is {mask.Width}x{mask.Height} but the image of '{inner.Name}' is {inner.Image.Width}x{inner.Image.Height}");
        return inner with { Mask = mask };
    }
}
