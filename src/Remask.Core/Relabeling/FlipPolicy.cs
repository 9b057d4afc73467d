namespace Remask.Core.Relabeling;

/// <summary>
/// Which pixels of a noisy mask a relabel flips. Notation, per pixel: y the noisy label (0/1), p the mean predicted
/// foreground probability, U the uncertainty, δ the uncertainty threshold, ŷ = [p ≥ 0.5] the mean prediction.
/// The flip set F is a 0/1 map; the new label is y XOR F (then, optionally, hole filling).
/// </summary>
public enum FlipPolicy
{
    /// <summary>The paper's rule (Redekop and Chernyavskiy, ISBI 2021, section 2.3): F = [U &gt; δ].</summary>
    Paper,

    /// <summary>Where U &gt; δ the label becomes the mean prediction: F = [U &gt; δ] AND (ŷ XOR y).</summary>
    MeanPrediction,

    /// <summary>
    /// Flip only where the prediction confidently disagrees: F = [|p − y| ≥ c], and also [U &gt; δ] when δ is given.
    /// c is the confidence of <see cref="RelabelSettings"/>; c = 0.5 + m flips where p lies at least m beyond 0.5 on the
    /// other side of the label.
    /// </summary>
    ConfidentDisagree,

    /// <summary>The paper's rule restricted to a band around the label outline: F = [U &gt; δ] AND [dist(x, outline) ≤ r].</summary>
    Band,

    /// <summary>
    /// Thick regions of confident disagreement: D = (ŷ XOR y) AND [|p − 0.5| ≥ m] (AND [U &gt; δ] when δ is given),
    /// F = opening of D with a disk of radius r. Slivers thinner than the disk along a correct outline vanish;
    /// a missing cap or a spurious lobe survives.
    /// </summary>
    Region,
}
