using System.Globalization;
using Remask.Core.Noise;

namespace Remask.Core.Datasets;

/// <summary>
/// A held-out test split cut from a labelled training split (<c>--holdout SHARE</c>), for datasets whose test
/// images have no masks (Decathlon's imagesTs). The split is by group: by volume for slices (slices of one volume
/// never land on both sides; that would leak), by image otherwise. Which groups are held out depends on the seed
/// and the group names only: the groups are ordered by a hash of (seed, name) and the first
/// round(SHARE x groups) are held out.
/// </summary>
public static class Holdout
{
    /// <summary>The group a sample belongs to: its volume's name for a slice, its own name otherwise.</summary>
    public static string GroupOf(SampleRef sample) => sample.IsSlice ? DatasetFiles.Stem(sample.ImagePath) : sample.Name;

    /// <summary>The held-out groups of <paramref name="samples"/>, sorted by name; at least one group on each side.</summary>
    public static IReadOnlyList<string> Choose(IReadOnlyList<SampleRef> samples, double share, long seed)
    {
        if (!(share > 0 && share < 1)) throw new RemaskUsageException($"--holdout: {share.ToString(CultureInfo.InvariantCulture)} is not a share between 0 and 1 (e.g. 0.2)");
        var groups = samples.Select(GroupOf).Distinct(StringComparer.Ordinal).ToList();
        int held = (int)Math.Round(share * groups.Count, MidpointRounding.AwayFromZero);
        string unit = samples.Any(s => s.IsSlice) ? "volumes" : "images";
        if (held < 1 || held > groups.Count - 1)
            throw new RemaskUsageException($"--holdout {share.ToString(CultureInfo.InvariantCulture)}: {groups.Count} {unit} cannot be split so that both sides have one");
        return groups.OrderBy(g => NoiseRandom.SeedFor(unchecked((ulong)seed), g)).ThenBy(g => g, StringComparer.Ordinal)
            .Take(held).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the sample or volume named <paramref name="name"/> is held out: its name, or for a slice
    /// (VOLUME_zSSS) its volume's, is one of <paramref name="heldOutGroups"/>.</summary>
    public static bool Includes(IReadOnlySet<string> heldOutGroups, string name) =>
        heldOutGroups.Contains(name) || (MaskFolderReader.SliceOf(name) is var (volume, _) && heldOutGroups.Contains(volume));

    /// <summary>Splits <paramref name="samples"/> into the samples trained on and those held out (order kept).</summary>
    public static (List<SampleRef> Train, List<SampleRef> HeldOut) Apply(IReadOnlyList<SampleRef> samples, IReadOnlyCollection<string> heldOutGroups)
    {
        var set = new HashSet<string>(heldOutGroups, StringComparer.Ordinal);
        var train = new List<SampleRef>();
        var held = new List<SampleRef>();
        foreach (var s in samples) (set.Contains(GroupOf(s)) ? held : train).Add(s);
        return (train, held);
    }
}
