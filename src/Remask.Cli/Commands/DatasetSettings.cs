using System.ComponentModel;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary><c>--foreground</c>: which mask values count as foreground; shared by every verb that reads masks.</summary>
internal class ForegroundSettings : CommandSettings
{
    [CommandOption("--foreground <LABELS>")]
    [Description("Mask label values that count as foreground, e.g. 1,2 (default: any value > 0)")]
    public string? Foreground { get; init; }

    public ForegroundRule ForegroundRule() => Core.Imaging.ForegroundRule.Parse(Foreground);
}

/// <summary>Options that say how a dataset's files are read; shared by every verb that reads a dataset.</summary>
internal class DatasetSettings : ForegroundSettings
{
    [CommandOption("--empty-slices <SHARE>")]
    [Description("Volumes: share of axial slices without foreground to keep, 0..1 (default 0.1)")]
    [DefaultValue(0.1)]
    public double EmptySlices { get; init; } = 0.1;

    [CommandOption("--window-level <HU>")]
    [Description("Volumes: CT window level in HU (default 40)")]
    [DefaultValue(40.0)]
    public double WindowLevel { get; init; } = 40;

    [CommandOption("--window-width <HU>")]
    [Description("Volumes: CT window width in HU (default 400)")]
    [DefaultValue(400.0)]
    public double WindowWidth { get; init; } = 400;

    public DatasetOptions ToOptions() => new()
    {
        Foreground = ForegroundRule(),
        EmptySliceShare = EmptySlices,
        WindowLevel = WindowLevel,
        WindowWidth = WindowWidth,
    };
}
