using System.ComponentModel;
using Remask.Core;
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Morphology;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask morph fill-holes|open|close|largest-component MASKS_DIR [--radius R] --out DIR</c>: the mask clean-ups
/// annotators ask for, written to a new folder under the same file names.
/// </summary>
internal sealed class MorphCommand : Command<MorphCommand.Settings>
{
    public const int DefaultRadius = 2;

    internal sealed class Settings : MaskFolderSettings
    {
        [CommandArgument(0, "<OPERATION>")]
        [Description("fill-holes (4-connected background, as scipy) | open | close (disk of --radius) | largest-component (8-connected)")]
        public string Operation { get; init; } = "";

        [CommandArgument(1, "<MASKS_DIR>")]
        [Description("Folder of masks")]
        public string Masks { get; init; } = "";

        [CommandOption("--radius <R>")]
        [Description("Disk radius in pixels for open and close (default 2)")]
        public int? Radius { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Func<Mask, Mask> operation = Operation(settings);
        ForegroundRule rule = DerivedMaskStamp.RuleFor(settings.Masks, settings.ForegroundRule());
        string output = MaskFolder.CheckOutput(settings.Out, settings.Masks, settings.Overwrite);
        var inputs = MaskFolder.List(settings.Masks);
        var changes = MaskFolder.Transform(inputs, output, settings.Overwrite, rule, $"remask morph {settings.Operation}", $"{settings.Operation}",
            (_, mask) =>
            {
                Mask result = operation(mask);
                int changed = 0;
                for (int i = 0; i < mask.Length; i++) if (mask.Pixels[i] != result.Pixels[i]) changed++;
                return (result, changed);
            }, cancellationToken);
        Console.Out.WriteLine($"{changes.Count} masks -> {output}: {settings.Operation} changed {changes.Count(c => c > 0)} masks, {changes.Sum(c => (long)c)} pixels");
        return CliApp.Ok;
    }

    private static Func<Mask, Mask> Operation(Settings settings)
    {
        string op = settings.Operation.Trim().ToLowerInvariant();
        bool usesRadius = op is "open" or "close";
        if (settings.Radius is not null && !usesRadius) throw new RemaskUsageException("--radius applies to open and close only");
        int radius = settings.Radius ?? DefaultRadius;
        if (usesRadius && radius < 1) throw new RemaskUsageException($"--radius must be 1 or more, got {radius}");
        return op switch
        {
            "fill-holes" => m => HoleFilling.Fill(m),
            "open" => m => DiskMorphology.Open(m, radius),
            "close" => m => DiskMorphology.Close(m, radius),
            "largest-component" => m => ComponentFilters.LargestComponent(m),
            _ => throw new RemaskUsageException($"unknown morph operation '{settings.Operation}' (fill-holes, open, close, largest-component)"),
        };
    }
}
