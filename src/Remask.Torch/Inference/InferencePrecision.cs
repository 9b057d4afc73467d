namespace Remask.Torch.Inference;

/// <summary>
/// The number format of U-Net-S's evaluation forward (prediction, Monte Carlo dropout, test-time augmentation, the
/// members of an ensemble): <see cref="Fp32"/>, <see cref="Bf16"/> (bfloat16 convolutions on folded weights, float32
/// logits and everything after them: <see cref="Models.UNetS.FoldBatchNorm"/>) or <see cref="Auto"/>, which
/// <see cref="PrecisionChoice.Resolve"/> turns into one of the two from the CPU's flags. Training is always float32.
/// </summary>
public enum InferencePrecision
{
    /// <summary>float32 throughout.</summary>
    Fp32,
    /// <summary>bfloat16 convolutions on folded weights; float32 logits and everything after them.</summary>
    Bf16,
    /// <summary>
    /// bf16 when the CPU's flags say it computes bfloat16 natively, else fp32 (<see cref="PrecisionChoice.Resolve"/>).
    /// </summary>
    Auto,
}
