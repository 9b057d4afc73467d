namespace Remask.Core.Imaging;

/// <summary>
/// The passes of a PNG image: one full pass for non-interlaced images, the seven Adam7 passes otherwise. Pass
/// pixel (i, j) is image pixel (X0 + i * DX, Y0 + j * DY).
/// </summary>
internal readonly record struct PngPass(int X0, int Y0, int DX, int DY)
{
    private static readonly PngPass[] Adam7 =
    [
        new(0, 0, 8, 8), new(4, 0, 8, 8), new(0, 4, 4, 8), new(2, 0, 4, 4),
        new(0, 2, 2, 4), new(1, 0, 2, 2), new(0, 1, 1, 2),
    ];

    private static readonly PngPass[] Single = [new(0, 0, 1, 1)];

    public static ReadOnlySpan<PngPass> For(bool interlaced) => interlaced ? Adam7 : Single;

    /// <summary>Pixels of this pass in a row / column of <paramref name="width"/> pixels (may be 0: the pass is then empty).</summary>
    public int Columns(int width) => width > X0 ? (width - X0 + DX - 1) / DX : 0;

    public int Rows(int height) => height > Y0 ? (height - Y0 + DY - 1) / DY : 0;
}
