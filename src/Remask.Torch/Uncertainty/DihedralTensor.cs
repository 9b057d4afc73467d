using Remask.Torch.Training;
using static TorchSharp.torch;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// The eight symmetries of <see cref="Dihedral"/> on N x C x S x S tensors (over the last two dimensions), and their
/// exact inverses: transform t flips left-right when t &gt;= 4, then turns t mod 4 quarter turns counter-clockwise
/// (torch.rot90 over (H, W), as numpy.rot90).
/// </summary>
internal static class DihedralTensor
{
    public static Tensor Apply(Tensor x, int transform)
    {
        Check(transform);
        Tensor y = transform >= 4 ? x.flip(3) : x.alias();
        int k = transform % 4;
        return k == 0 ? y : y.rot90(k, (2, 3));
    }

    /// <summary>Undoes <see cref="Apply"/>: Invert(Apply(x, t), t) equals x exactly.</summary>
    public static Tensor Invert(Tensor y, int transform)
    {
        Check(transform);
        int k = transform % 4;
        Tensor z = k == 0 ? y.alias() : y.rot90(-k, (2, 3));
        return transform >= 4 ? z.flip(3) : z;
    }

    private static void Check(int transform)
    {
        if (transform is < 0 or >= Dihedral.Count) throw new ArgumentOutOfRangeException(nameof(transform), "transform 0..7");
    }
}
