using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// Spatial dropout (drops whole feature maps, as torch.nn.Dropout2d). Active in training mode, and also in
/// evaluation mode while <see cref="ActiveInEval"/> is set: that is Monte Carlo dropout, which leaves every
/// other module (BatchNorm in particular) in evaluation mode, so its running statistics are used and never updated.
/// <para>In evaluation mode with <see cref="RowSeeds"/> set, the kept feature maps of batch row r are drawn from
/// (RowSeeds[r], <see cref="Layer"/>) by Remask's own generator instead of torch's: a Monte Carlo sample is then a pure
/// function of its seed, whatever batch it runs in, and torch's global generator (training) is not touched. The seeded
/// masks are float32 also for bfloat16 activations (bfloat16 inference), so both precisions drop the same maps.</para>
/// </summary>
public sealed class SpatialDropout : nn.Module<Tensor, Tensor>
{
    /// <summary>The probability of dropping a feature map, in [0, 1); kept maps are scaled by 1 / (1 - P).</summary>
    public double P { get; }

    /// <summary>The position of this dropout in the network (0 = bottleneck), part of the seeded masks' coordinates.</summary>
    public int Layer { get; }

    /// <summary>Drop feature maps even in evaluation mode (Monte Carlo dropout).</summary>
    public bool ActiveInEval { get; set; }

    /// <summary>One seed per batch row for Monte Carlo dropout masks, or null to use torch's generator.</summary>
    public long[]? RowSeeds { get; set; }

    /// <param name="p">The probability of dropping a feature map, in [0, 1).</param>
    /// <param name="layer">The position in the network (<see cref="Layer"/>).</param>
    public SpatialDropout(double p, int layer = 0) : base(nameof(SpatialDropout))
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "dropout probability in [0, 1)");
        P = p;
        Layer = layer;
    }

    /// <summary>
    /// <paramref name="input"/> (N x C x H x W) with whole feature maps set to 0 and the rest scaled by 1 / (1 - P)
    /// when active (training, or <see cref="ActiveInEval"/>); otherwise unchanged.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        bool active = (training || ActiveInEval) && P > 0;
        if (!active) return input.alias();
        if (training || RowSeeds is null) return nn.functional.dropout2d(input, P, training: true);
        float keep = (float)(1 / (1 - P));
        if (input.dtype == ScalarType.Float32)
        {
            using var mask = SeededMask(input.shape[0], input.shape[1], keep);
            return input * mask;
        }
        // bfloat16 inference: the same kept maps as float32, and the same float32 scale: x·1 (exact in bfloat16) or 0,
        // then one multiplication by 1 / (1 - P) computed in float and rounded once (a bfloat16 mask would round the
        // scale itself: 1 / 0.9 is 1.109375 in bfloat16).
        using var ones = SeededMask(input.shape[0], input.shape[1], 1f);
        using var flags = ones.to(input.dtype);
        using var scale = ((double)keep).ToScalar();                    // kept alive through the call (docs/training.md, "Data loading")
        return (input * flags).mul_(scale);
    }

    /// <summary>rows x channels x 1 x 1 float32: <paramref name="keep"/> where a feature map is kept (probability 1 - P), 0 where dropped.</summary>
    private Tensor SeededMask(long rows, long channels, float keep)
    {
        var seeds = RowSeeds!;
        if (seeds.Length != rows) throw new InvalidOperationException($"{seeds.Length} dropout row seeds for a batch of {rows}");
        var mask = new float[rows * channels];
        for (int r = 0; r < rows; r++)
        {
            var rng = new SeedSequence(seeds[r], 0xD209, Layer);
            for (int c = 0; c < channels; c++) mask[r * channels + c] = rng.NextDouble() >= P ? keep : 0f;
        }
        return tensor(mask, [rows, channels, 1, 1]);
    }
}
