namespace Remask.Core.Metrics;

/// <summary>
/// Scores of a predicted (or noisy) label volume against its reference: the 3-D Dice over all voxels (what the liver
/// segmentation literature reports per volume), IoU, precision and recall, and beside them the mean 2-D Dice of the
/// axial slices that have foreground in either volume (<see cref="SliceDice"/> over <see cref="SlicesScored"/>
/// slices; slices empty in both are left out, as they would score 1 whatever the method).
/// </summary>
public sealed record VolumeScores(string Name, double Dice, double IoU, double Precision, double Recall, double SliceDice, int SlicesScored)
{
    /// <summary>Binary volumes of one grid, x fastest, slices of <paramref name="plane"/> voxels each.</summary>
    public static VolumeScores Of(string name, ReadOnlySpan<byte> prediction, ReadOnlySpan<byte> reference, int plane)
    {
        if (prediction.Length != reference.Length) throw new ArgumentException($"prediction has {prediction.Length} voxels, reference {reference.Length}", nameof(prediction));
        if (plane <= 0 || reference.Length % plane != 0) throw new ArgumentException($"{reference.Length} voxels are not whole slices of {plane}", nameof(plane));
        var all = ConfusionCounts.Of(prediction, reference);
        double sum = 0;
        int scored = 0;
        for (int start = 0; start < reference.Length; start += plane)
        {
            var c = ConfusionCounts.Of(prediction.Slice(start, plane), reference.Slice(start, plane));
            if (c.BothEmpty) continue;
            sum += c.Dice;
            scored++;
        }
        return new VolumeScores(name, all.Dice, all.IoU, all.Precision, all.Recall, scored == 0 ? double.NaN : sum / scored, scored);
    }
}
