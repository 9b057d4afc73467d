namespace Remask.Core.Datasets;

/// <summary>Pairs image files with mask files by name and reports what does not pair.</summary>
internal static class SamplePairing
{
    /// <summary>
    /// Each image becomes a sample named by its stem; its mask is the mask whose sample name
    /// (<see cref="SampleFileNames.SampleOfMask"/>: NAME, NAME_mask, NAME_segmentation; distractors skipped) equals it. Images without a mask are kept
    /// (mask null) and reported unless <paramref name="masks"/> is null (no mask folder at all, reported by the caller);
    /// masks without an image and duplicate names are reported.
    /// </summary>
    public static List<SampleRef> Pair(IReadOnlyList<string> images, IReadOnlyList<string>? masks,
        List<DatasetProblem> problems)
    {
        var masksByStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string m in masks ?? [])
        {
            string? stem = SampleFileNames.SampleOfMask(m);
            if (stem is null) continue;
            if (!masksByStem.TryAdd(stem, m))
                problems.Add(new DatasetProblem(m, $"a second mask for '{stem}' (first: {Path.GetFileName(masksByStem[stem])}); skipped"));
        }
        var samples = new List<SampleRef>(images.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string image in images)
        {
            string stem = DatasetFiles.Stem(image);
            if (!seen.TryAdd(stem, image))
            {
                problems.Add(new DatasetProblem(image, $"a second image named '{stem}' (first: {Path.GetFileName(seen[stem])}); skipped"));
                continue;
            }
            string? mask = masksByStem.GetValueOrDefault(stem);
            if (mask is null && masks is not null) problems.Add(new DatasetProblem(image, "image without a mask"));
            samples.Add(new SampleRef(stem, image, mask));
        }
        foreach (var (stem, mask) in masksByStem)
            if (!seen.ContainsKey(stem)) problems.Add(new DatasetProblem(mask, "mask without an image"));
        return samples;
    }
}
