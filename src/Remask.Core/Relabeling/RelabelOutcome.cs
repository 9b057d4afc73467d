namespace Remask.Core.Relabeling;

/// <summary>The result of relabeling one mask (<see cref="Relabeler.Relabel(Remask.Core.Imaging.Mask, System.ReadOnlySpan{float}, System.ReadOnlySpan{float}, RelabelSettings)"/>).</summary>
/// <param name="Mask">The new label, 0/1, width x height, row-major; a copy of the input when declined.</param>
/// <param name="ToForeground">Pixels that are 0 in the input and 1 in <paramref name="Mask"/> (flips and filled holes).</param>
/// <param name="ToBackground">Pixels that are 1 in the input and 0 in <paramref name="Mask"/>.</param>
/// <param name="Flipped">Size of the flip set F the policy proposed (after the component filter), applied or not.</param>
/// <param name="Filled">Pixels that hole filling added after the flips.</param>
/// <param name="Delta">The δ used (given or automatic); null when the policy ran without an uncertainty condition.</param>
/// <param name="Declined">True when the guard declined: <paramref name="Mask"/> is the input.</param>
/// <param name="Reason">Why the guard declined; empty otherwise.</param>
/// <param name="Warning">Null, or why δ cannot flip anything (<see cref="AutomaticDelta.WarningFor"/>).</param>
/// <param name="Guard">What the guard measured; null when no guard ran.</param>
/// <param name="GrowAt">The background floor's grow threshold t (<see cref="BackgroundFloor"/>); null when the settings use no floor.</param>
/// <param name="FloorReach">The floor's reach (<see cref="BackgroundFloor.Reach"/>): above <see cref="BackgroundFloor.MaxReach"/>, the
/// image grew no further than the plain rule; null where no growth was measured (no floor, or its threshold not below the plain one).</param>
public sealed record RelabelOutcome(
    byte[] Mask,
    int ToForeground,
    int ToBackground,
    int Flipped,
    int Filled,
    double? Delta,
    bool Declined,
    string Reason,
    string? Warning,
    GuardMeasures? Guard,
    double? GrowAt = null,
    double? FloorReach = null)
{
    /// <summary>Pixels whose label changed.</summary>
    public int Changed => ToForeground + ToBackground;

    /// <summary>What the region policy's plain flips changed (<see cref="FlipSet.PlainFlips"/>), for the edge snap's evidence share.</summary>
    internal FlipSet.PlainFlips Plain { get; init; }

    /// <summary>Pixels of foreground added apart from the label that were dropped (<see cref="ApartObjects"/>; 0 when
    /// <see cref="RelabelSettings.AddObjects"/>).</summary>
    public int Apart { get; init; }
}
