namespace Remask.Torch.Inference;

/// <summary>
/// The number format of U-Net-S's evaluation forward (prediction, Monte Carlo dropout, test-time augmentation, the
/// members of an ensemble): <see cref="Fp32"/>, <see cref="Bf16"/> (bfloat16 convolutions on folded weights, float32
/// logits and everything after them: <see cref="Models.UNetS.FoldBatchNorm"/>) or <see cref="Auto"/>, which
/// <see cref="PrecisionChoice.Resolve"/> turns into one of the two from the CPU's flags. Training is always float32.
/// </summary>
public enum InferencePrecision
{
    Fp32,
    Bf16,
    Auto,
}
