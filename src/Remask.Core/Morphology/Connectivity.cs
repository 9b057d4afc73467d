namespace Remask.Core.Morphology;

/// <summary>Which neighbours of a pixel touch it: the 4 that share an edge, or all 8 (edges and corners).</summary>
public enum Connectivity
{
    /// <summary>The 4 neighbours that share an edge (left, right, up, down).</summary>
    Four = 4,
    /// <summary>All 8 neighbours: the 4 that share an edge and the 4 diagonal ones.</summary>
    Eight = 8,
}
