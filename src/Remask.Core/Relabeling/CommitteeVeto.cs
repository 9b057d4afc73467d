namespace Remask.Core.Relabeling;

/// <summary>
/// Cross-fitted relabeling's second opinion: a change proposed by a model that never trained on the image is kept only
/// where the models that did train on it (the committee) agree with the new value. With y the label, y' the proposed
/// label and q the committee's mean foreground probability, pixel by pixel:
/// <code>
///   y''[i] = y'[i]  if y'[i] == y[i], or y'[i] == 1 and q[i] > t, or y'[i] == 0 and q[i] ≤ 0.5
///   y''[i] = y[i]   otherwise (vetoed)
/// </code>
/// t is 0.5, or the committee map's own grow threshold when the flip policy grows from the background floor
/// (<see cref="BackgroundFloor"/>) and the committee's own plain rule finds the label too small
/// (<see cref="FlipSet.CommitteeGrowThreshold"/>): the committee hedges on the missed parts of the object as the
/// proposing model does.
/// The committee has seen the noisy label, so it votes for a change only where the image's evidence outweighed it;
/// a fold model that is merely weak (it over-segments, say) is outvoted there. All arrays are row-major and of one
/// length; the labels and the proposed labels hold 0/1.
/// </summary>
public static class CommitteeVeto
{
    /// <summary>Returns y'' and the number of vetoed changes. Throws <see cref="ArgumentException"/> on mismatched lengths
    /// or a committee probability outside [0, 1] (or NaN).</summary>
    public static (byte[] Mask, int Vetoed) Apply(ReadOnlySpan<byte> label, ReadOnlySpan<byte> proposed, ReadOnlySpan<float> committee, float growAt = 0.5f)
    {
        if (proposed.Length != label.Length || committee.Length != label.Length)
            throw new ArgumentException($"committee veto: the label has {label.Length} pixels, the proposal {proposed.Length}, the committee's map {committee.Length}");
        var result = new byte[label.Length];
        int vetoed = 0;
        for (int i = 0; i < label.Length; i++)
        {
            float q = committee[i];
            if (!(q >= 0f && q <= 1f)) throw new ArgumentException($"committee veto: probability {q} at pixel {i} is outside [0, 1]");
            byte next = proposed[i];
            if (next != label[i] && (next != 0 ? !(q > growAt) : q > 0.5f))
            {
                next = label[i];
                vetoed++;
            }
            result[i] = next;
        }
        return (result, vetoed);
    }
}
