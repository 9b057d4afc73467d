namespace Remask.Torch.Models;

/// <summary>
/// The shape of a <see cref="UNetS"/>: input channels, the encoder widths (the last one is the bottleneck) and
/// the spatial dropout rate. The reference network of BENCHMARK.md section 3 is <c>new UNetSConfig(3)</c>
/// (widths 16, 32, 64, 128, bottleneck 256, dropout 0.2).
/// </summary>
public sealed record UNetSConfig
{
    /// <summary>The reference network's widths: 16, 32, 64, 128, bottleneck 256.</summary>
    public static readonly IReadOnlyList<int> ReferenceWidths = [16, 32, 64, 128, 256];

    /// <summary>Channels of the input image (3 for RGB, 1 for CT).</summary>
    public int InChannels { get; }

    /// <summary>Encoder stage widths followed by the bottleneck width; at least two entries.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Probability of dropping a whole feature map (spatial dropout), in [0, 1).</summary>
    public double DropoutP { get; }

    /// <param name="inChannels">Channels of the input image, at least 1.</param>
    /// <param name="widths">Encoder widths then the bottleneck width, at least two, all positive (null:
    /// <see cref="ReferenceWidths"/>).</param>
    /// <param name="dropoutP">The spatial dropout rate, in [0, 1).</param>
    public UNetSConfig(int inChannels, IReadOnlyList<int>? widths = null, double dropoutP = 0.2)
    {
        widths ??= ReferenceWidths;
        if (inChannels < 1) throw new ArgumentOutOfRangeException(nameof(inChannels), "at least one input channel");
        if (widths.Count < 2) throw new ArgumentException("U-Net-S needs at least one encoder stage and a bottleneck", nameof(widths));
        if (widths.Any(w => w < 1)) throw new ArgumentException("widths must be positive", nameof(widths));
        if (!(dropoutP >= 0 && dropoutP < 1)) throw new ArgumentOutOfRangeException(nameof(dropoutP), "dropout probability in [0, 1)");
        InChannels = inChannels;
        Widths = widths.ToArray();
        DropoutP = dropoutP;
    }

    /// <summary>Number of 2x2 max-pools, so input sides must be multiples of 2^Depth.</summary>
    public int Depth => Widths.Count - 1;

    /// <summary>Input height and width must be multiples of this.</summary>
    public int SizeMultiple => 1 << Depth;

    /// <summary>
    /// True when <paramref name="other"/> has the same input channels, dropout rate and widths (element by element).
    /// </summary>
    public bool Equals(UNetSConfig? other) =>
        other is not null && InChannels == other.InChannels && DropoutP.Equals(other.DropoutP) && Widths.SequenceEqual(other.Widths);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(InChannels);
        h.Add(DropoutP);
        foreach (int w in Widths) h.Add(w);
        return h.ToHashCode();
    }
}
