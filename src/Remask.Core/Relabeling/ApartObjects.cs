using Remask.Core.Morphology;

namespace Remask.Core.Relabeling;

/// <summary>
/// Foreground a repair adds apart from the label: with y the label and y' the repaired mask (0/1, width x height,
/// row-major), the 8-connected components A of y' ∧ ¬y that have no pixel 8-adjacent to a pixel of y. Dropping them,
/// y' ← y' ∧ ¬A, keeps the repair to the objects the label marks: it moves their outlines but adds no new object.
/// Why (docs/relabeling.md, "New objects"): noise in drawn outlines misplaces an object's edge, it does not leave out a
/// whole object (the guard's empty-label test says the same of a label that marks nothing), while a weak fold model's
/// additions apart from the label were neighbouring organs: every such pixel of synth-ct poly7 seed 4 was wrong.
/// A label that marks nothing is left to the guard (<see cref="GuardSettings.KeepEmpty"/>): on it nothing is dropped.
/// </summary>
public static class ApartObjects
{
    /// <summary>Clears the components A in <paramref name="repaired"/>, in place, and returns how many pixels it cleared
    /// (0 when <paramref name="label"/> marks nothing).</summary>
    public static int Drop(ReadOnlySpan<byte> label, Span<byte> repaired, int width, int height)
    {
        RelabelInput.CheckLength(label.Length, width, height, "label");
        RelabelInput.CheckLength(repaired.Length, width, height, "repaired mask");
        bool labelled = false, added = false;
        var fresh = new byte[label.Length];
        for (int i = 0; i < fresh.Length; i++)
        {
            labelled |= label[i] != 0;
            if (repaired[i] != 0 && label[i] == 0) { fresh[i] = 1; added = true; }
        }
        if (!labelled || !added) return 0;
        var kept = (byte[])fresh.Clone();
        KeepTouching(label, kept, width, height);
        int dropped = 0;
        for (int i = 0; i < fresh.Length; i++)
            if (fresh[i] != kept[i]) { repaired[i] = 0; dropped++; }
        return dropped;
    }

    /// <summary>Clears, in place, the 8-connected components of <paramref name="candidates"/> (0/1) that have no pixel
    /// 8-adjacent to a pixel of <paramref name="label"/>; the floor's growth keeps only such anchored regions too.</summary>
    internal static void KeepTouching(ReadOnlySpan<byte> label, Span<byte> candidates, int width, int height)
    {
        var components = ConnectedComponents.Label(candidates, width, height, Connectivity.Eight);
        ReadOnlySpan<int> lab = components.Labels;
        var anchored = new bool[components.Components.Count + 1];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int c = lab[y * width + x];
                if (c != 0 && !anchored[c] && TouchesLabel(label, width, height, x, y)) anchored[c] = true;
            }
        for (int i = 0; i < candidates.Length; i++) candidates[i] = anchored[lab[i]] ? (byte)1 : (byte)0;
    }

    private static bool TouchesLabel(ReadOnlySpan<byte> label, int width, int height, int x, int y)
    {
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
            {
                int nx = x + dx, ny = y + dy;
                if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < width && ny < height && label[ny * width + nx] != 0) return true;
            }
        return false;
    }
}
