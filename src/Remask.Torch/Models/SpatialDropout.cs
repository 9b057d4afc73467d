using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// Spatial dropout (drops whole feature maps, as torch.nn.Dropout2d). Active in training mode, and also in
/// evaluation mode while <see cref="ActiveInEval"/> is set: that is Monte Carlo dropout, which leaves every
/// other module (BatchNorm in particular) in evaluation mode, so its running statistics are used and never updated.
/// </summary>
public sealed class SpatialDropout : nn.Module<Tensor, Tensor>
{
    public double P { get; }

    /// <summary>Drop feature maps even in evaluation mode (Monte Carlo dropout).</summary>
    public bool ActiveInEval { get; set; }

    public SpatialDropout(double p) : base(nameof(SpatialDropout))
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "dropout probability in [0, 1)");
        P = p;
    }

    public override Tensor forward(Tensor input)
    {
        bool active = (training || ActiveInEval) && P > 0;
        return active ? nn.functional.dropout2d(input, P, training: true) : input.alias();
    }
}
