using Remask.Core.Imaging;

namespace Remask.Core.Datasets;

/// <summary>How a dataset's files are turned into samples.</summary>
public sealed record DatasetOptions
{
    /// <summary>Which stored label values count as foreground (default: value &gt; 0).</summary>
    public ForegroundRule Foreground { get; init; } = ForegroundRule.AnyPositive;

    /// <summary>CT window centre in HU for volume slices (default 40).</summary>
    public double WindowLevel { get; init; } = 40;

    /// <summary>CT window width in HU for volume slices (default 400).</summary>
    public double WindowWidth { get; init; } = 400;

    /// <summary>Share (0..1) of axial slices without foreground that are kept (Decathlon). Default 0.1.</summary>
    public double EmptySliceShare { get; init; } = 0.1;

    /// <summary>Seed that picks which empty slices are kept.</summary>
    public int Seed { get; init; } = 2021;

    /// <summary>Folder for caches of derived indexes (slice lists of volumes). Null: the user's cache folder.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Throws <see cref="RemaskUsageException"/> for a value out of range: <see cref="EmptySliceShare"/> outside [0, 1]
    /// or a <see cref="WindowWidth"/> that is not positive.
    /// </summary>
    public void Validate()
    {
        if (!(EmptySliceShare >= 0 && EmptySliceShare <= 1)) throw new RemaskUsageException($"--empty-slices must be between 0 and 1, got {EmptySliceShare}");
        if (!(WindowWidth > 0)) throw new RemaskUsageException($"--window-width must be positive, got {WindowWidth}");
    }
}
