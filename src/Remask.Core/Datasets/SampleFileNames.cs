namespace Remask.Core.Datasets;

/// <summary>
/// The one rule that says which sample a file in an image or mask folder belongs to, used by every layout and every
/// verb that reads a folder: the mask of sample NAME is <c>NAME</c>, <c>NAME_mask</c> or <c>NAME_segmentation</c>
/// (any image extension, or .nii/.nii.gz for label volumes); ISIC's <c>NAME_superpixels.png</c> files are not
/// samples and are skipped everywhere.
/// </summary>
public static class SampleFileNames
{
    private static readonly string[] MaskSuffixes = ["_segmentation", "_mask"];
    private const string Distractor = "_superpixels";

    /// <summary>ISIC 2017's superpixel maps (<c>ISIC_N_superpixels.png</c>) beside the images: neither images nor masks.</summary>
    public static bool IsDistractor(string path) =>
        DatasetFiles.Stem(path).EndsWith(Distractor, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sample an image file shows ("ISIC_0000000.jpg" → "ISIC_0000000"), or null for a distractor.</summary>
    public static string? SampleOfImage(string path) => IsDistractor(path) ? null : DatasetFiles.Stem(path);

    /// <summary>The sample a mask file belongs to ("ISIC_0000000_segmentation.png", "a_mask.png", "a.png" → "ISIC_0000000",
    /// "a", "a"), or null for a distractor.</summary>
    public static string? SampleOfMask(string path)
    {
        if (IsDistractor(path)) return null;
        string stem = DatasetFiles.Stem(path);
        foreach (string suffix in MaskSuffixes)
            if (stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return stem[..^suffix.Length];
        return stem;
    }

    /// <summary>The image files of <paramref name="dir"/> that are samples (distractors left out), sorted by name.</summary>
    public static List<string> ImagesIn(string dir) =>
        DatasetFiles.ImageFilesIn(dir).Where(f => !IsDistractor(f)).ToList();
}
