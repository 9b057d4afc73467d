namespace Remask.Core.Datasets;

/// <summary>
/// Refuses a training set whose masks are all empty, or mostly empty where the dataset's own masks are not: the
/// sign of masks read with the wrong foreground rule (0/255 masks read with <c>--foreground 1</c>), which would
/// otherwise train a network on nothing without a word. Checks a probe of the samples, not all of them, so that
/// it costs a few reads on a dataset of any size.
/// </summary>
public static class TrainingMaskCheck
{
    /// <summary>Samples looked at: <see cref="Groups"/> evenly spaced runs of consecutive samples (consecutive
    /// slices share their volume, so a volume dataset decodes at most <see cref="Groups"/> volumes).</summary>
    public const int Groups = 4, RunLength = 8;

    /// <summary>The indices to check among <paramref name="count"/> samples: all of them when there are at most
    /// <see cref="Groups"/> x <see cref="RunLength"/>, else <see cref="Groups"/> evenly spaced runs.</summary>
    public static int[] Probe(int count)
    {
        if (count <= Groups * RunLength) return Enumerable.Range(0, count).ToArray();
        var indices = new List<int>(Groups * RunLength);
        for (int g = 0; g < Groups; g++)
        {
            int start = (int)((long)g * (count - RunLength) / (Groups - 1));
            for (int k = 0; k < RunLength; k++) indices.Add(start + k);
        }
        return indices.Distinct().ToArray();
    }

    /// <summary>
    /// What is wrong with masks whose foreground pixel counts are <paramref name="counts"/> (Given: the mask trained
    /// on; Clean: the dataset's own mask where there is one to compare with), or null when nothing is: all empty,
    /// or empty for more than half of the samples whose own mask is not.
    /// </summary>
    public static string? Problem(IReadOnlyList<(long Given, long? Clean)> counts)
    {
        if (counts.Count == 0) return null;
        int withClean = counts.Count(c => c.Clean > 0);
        int emptied = counts.Count(c => c.Clean > 0 && c.Given == 0);
        if (withClean > 0 && 2 * emptied > withClean)
            return $"{emptied} of {withClean} training masks checked are empty where the dataset's own mask is not; check --foreground (masks Remask wrote are 0/255)";
        if (counts.All(c => c.Given == 0))
            return $"every training mask checked is empty ({counts.Count} of them); check --foreground (masks Remask wrote are 0/255)";
        return null;
    }

    /// <summary>Checks the probe of <paramref name="count"/> samples and throws, naming <paramref name="folder"/>,
    /// when <see cref="Problem"/> finds something.</summary>
    public static void Verify(string folder, int count, Func<int, (long Given, long? Clean)> countsOf)
    {
        var counts = Probe(count).Select(countsOf).ToList();
        if (Problem(counts) is string problem) throw new RemaskDataException(folder, problem);
    }
}
