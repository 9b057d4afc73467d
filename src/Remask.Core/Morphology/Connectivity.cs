namespace Remask.Core.Morphology;

/// <summary>Which neighbours of a pixel touch it: the 4 that share an edge, or all 8 (edges and corners).</summary>
public enum Connectivity
{
    Four = 4,
    Eight = 8,
}
