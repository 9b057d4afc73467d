using Remask.Core.Imaging;

namespace Remask.Core.Morphology;

/// <summary>Keeps or drops whole connected components (8-connected unless told otherwise).</summary>
public static class ComponentFilters
{
    /// <summary>Only the largest component (the first in raster order among equally large ones); an empty mask stays empty.</summary>
    public static Mask LargestComponent(Mask mask, Connectivity connectivity = Connectivity.Eight)
    {
        var labels = ConnectedComponents.Label(mask, connectivity);
        if (labels.Count <= 1) return mask;
        int best = 0;
        for (int i = 1; i < labels.Count; i++)
            if (labels.Components[i].Area > labels.Components[best].Area) best = i;
        return Keep(labels, l => l == best + 1);
    }

    /// <summary>Drops the components with fewer than <paramref name="minArea"/> pixels.</summary>
    public static Mask RemoveSmall(Mask mask, int minArea, Connectivity connectivity = Connectivity.Eight)
    {
        var labels = ConnectedComponents.Label(mask, connectivity);
        return Keep(labels, l => labels.Components[l - 1].Area >= minArea);
    }

    /// <summary>The pixels of the components whose label passes <paramref name="keep"/>.</summary>
    public static Mask Keep(ComponentLabels labels, Func<int, bool> keep)
    {
        var pass = new bool[labels.Count + 1];
        for (int l = 1; l <= labels.Count; l++) pass[l] = keep(l);
        var data = new byte[labels.Labels.Length];
        ReadOnlySpan<int> lab = labels.Labels;
        for (int i = 0; i < data.Length; i++) data[i] = pass[lab[i]] ? (byte)1 : (byte)0;
        return new Mask(labels.Width, labels.Height, data);
    }
}
