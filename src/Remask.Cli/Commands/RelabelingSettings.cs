using System.ComponentModel;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>How masks are relabeled: the estimator and the flip; shared by <c>train --method relabel</c> and <c>relabel</c>.</summary>
internal class RelabelingSettings : DatasetSettings
{
    [CommandOption("--uncertainty <ESTIMATOR>")]
    [Description("Relabeling: mcdo, tta or tta+mcdo (relabel --model also takes ensemble: a folder of member runs; default mcdo)")]
    [DefaultValue("mcdo")]
    public string Uncertainty { get; init; } = "mcdo";

    [CommandOption("--samples <N>")]
    [Description("Relabeling: samples per image (default: 8 for mcdo and tta, 2 dropout samples per view for tta+mcdo, all ensemble members)")]
    public int? Samples { get; init; }

    [CommandOption("--flip <POLICY>")]
    [Description("Relabeling: paper, mean-prediction, confident-disagree, band or region (default region; docs/relabeling.md)")]
    public string? Flip { get; init; }

    [CommandOption("--threshold <DELTA>")]
    [Description("Relabeling: uncertainty threshold δ, or auto (Otsu per image); the region policy needs none")]
    public string? Threshold { get; init; }

    [CommandOption("--margin <M>")]
    [Description("Relabeling, region and confident-disagree policies: flip only where the mean prediction is at least M from 0.5, i.e. p ≥ 0.5 + M or p ≤ 0.5 - M (default 0 for region, 0.2 for confident-disagree)")]
    public double? Margin { get; init; }

    [CommandOption("--floor <M>")]
    [Description("Relabeling, region policy: grow the label where the mean prediction is at least M above the background level it shows far from the object (its floor), up to 0.5; off: grow only where p ≥ 0.5 + margin (default: the region policy's default; docs/relabeling.md)")]
    public string? Floor { get; init; }

    [CommandOption("--floor-radius <R>")]
    [Description("Relabeling, --floor: measure the background level farther than R pixels (at the training size) from the label and the prediction (default 4)")]
    public int? FloorRadius { get; init; }

    [CommandOption("--snap <R>")]
    [Description("Relabeling, region policy: in images whose label the model finds wrong by a region (in every image, see --snap-alignment), move the repaired outline onto the image's edges within R pixels (at the training size) by a graph cut; off: keep the outline where the flips put it (default 2; docs/relabeling.md)")]
    public string? Snap { get; init; }

    [CommandOption("--snap-weight <G>")]
    [Description("Relabeling, --snap: the graph cut's cost of a pixel of outline through flat texture (gamma), against the model's evidence in nats; larger follows the image's edges more and the model less (default 16; docs/relabeling.md)")]
    public double? SnapWeight { get; init; }

    [CommandOption("--snap-alignment <A>")]
    [Description("Relabeling, --snap: snap every image, not only those whose label the model finds wrong by a region, when the labels' outlines cut across the image's edges (the median, over 64 sampled images, of the contrast along the label's outline over that along the outline snapped to the edges beside it is below A); off: never every image (default 0.45; docs/relabeling.md)")]
    public string? SnapAlignment { get; init; }

    [CommandOption("--appearance <Z>")]
    [Description("Relabeling, region policy: set back each changed region whose colours are more than Z standard errors on the side it was taken from (an added ring that looks like the background around the object); off: keep every change (default 2; docs/relabeling.md)")]
    public string? Appearance { get; init; }

    [CommandOption("--relabel-empty")]
    [Description("Relabeling: let the model add foreground to masks that mark nothing (by default an empty mask stays empty: noise in drawn outlines misplaces an edge, it does not leave out a whole object)")]
    public bool RelabelEmpty { get; init; }

    [CommandOption("--add-objects")]
    [Description("Relabeling: let a repair add foreground that does not touch the label (a new object); by default a repair moves the outlines of the objects the label marks and drops what it would add apart from them (docs/relabeling.md)")]
    public bool AddObjects { get; init; }

    [CommandOption("--no-guard")]
    [Description("Relabeling: never decline an image (the guard keeps masks the model agrees with as they are)")]
    public bool NoGuard { get; init; }
}
