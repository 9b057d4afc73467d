using Remask.Torch.Data;
using Remask.Torch.Models;
using Remask.Torch.Training;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// Test-time augmentation (Wang et al. 2019): the model in evaluation mode (no dropout) applied to the first N of the
/// 8 symmetries of the square (<see cref="Dihedral"/>: identity, quarter turns, then the mirrored ones), each output
/// mapped back exactly to the image's frame. The views of a batch run as passes of <see cref="SamplesPerPass"/>·B images
/// (by default as many views as keep a pass within <see cref="SampledForward.PassPixels"/>).
/// </summary>
public sealed class TestTimeAugmentation : IUncertaintyEstimator
{
    /// <inheritdoc/>
    public string Method => "tta";
    /// <inheritdoc/>
    public int Samples { get; }
    /// <summary>Views per forward pass; 0: automatic.</summary>
    public int SamplesPerPass { get; }

    /// <param name="samples">N views, 2 to 8.</param>
    /// <param name="samplesPerPass">Views per forward pass; 0 = automatic (<see cref="SampledForward.AutomaticSamplesPerPass"/>).</param>
    public TestTimeAugmentation(int samples = Dihedral.Count, int samplesPerPass = 0)
    {
        if (samples is < 2 or > Dihedral.Count)
            throw new Core.RemaskUsageException($"test-time augmentation takes 2 to {Dihedral.Count} samples (the symmetries of the square), got {samples}");
        Samples = samples;
        SamplesPerPass = Math.Max(0, samplesPerPass);
    }

    /// <inheritdoc/>
    public float[] Sample(UNetS model, Batch batch, CancellationToken cancellation = default) =>
        SampledForward.Run(model, batch, new SamplePlan(Enumerable.Range(0, Samples).ToArray(), Dropout: false), SamplesPerPass, 0, cancellation);
}
