using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Remask.Core.Datasets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary><c>remask info DATASET [--json]</c>: what is in a dataset folder and what is wrong with it.</summary>
internal sealed class InfoCommand : Command<InfoCommand.Settings>
{
    internal sealed class Settings : DatasetSettings
    {
        [CommandArgument(0, "<DATASET>")]
        [Description("Dataset folder (generic pairs, ISIC 2017 or a Decathlon task)")]
        public string Dataset { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the summary as JSON on standard output")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var index = Ui.WithProgress("Scanning " + settings.Dataset,
            p => DatasetDiscovery.Discover(settings.Dataset, options, p, cancellationToken));
        var summary = Ui.WithProgress("Reading images and masks",
            p => DatasetSummary.Compute(index, options, p, cancellationToken));
        if (settings.Json) Console.Out.WriteLine(ToJson(summary));
        else Print(summary);
        return summary.Problems.Count == 0 ? CliApp.Ok : CliApp.BadData;
    }

    private static void Print(DatasetSummary s)
    {
        var o = Ui.Out;
        o.MarkupLine($"[bold]Dataset[/]  {Markup.Escape(s.Root)}");
        o.MarkupLine($"[bold]Layout[/]   {Markup.Escape(DatasetDiscovery.Describe(s.Layout))}");
        var table = new Table().AddColumns("split", "images", "with mask", "unreadable", "sizes (WxH: count)", "channels", "foreground share", "empty masks");
        foreach (var sp in s.Splits)
        {
            table.AddRow(
                sp.Name,
                sp.Images.ToString(),
                sp.WithMask.ToString(),
                sp.Unreadable.ToString(),
                Markup.Escape(string.Join(", ", sp.Sizes.Take(4).Select(kv => $"{kv.Key}: {kv.Value}")) + (sp.Sizes.Count > 4 ? $", ... ({sp.Sizes.Count} sizes)" : "")),
                string.Join(", ", sp.Channels.Select(kv => $"{kv.Key}: {kv.Value}")),
                sp.MeanForegroundShare is double f ? $"{f * 100:F1} %" : "-",
                sp.EmptyMasks.ToString());
        }
        o.Write(table);
        if (s.Problems.Count == 0)
        {
            o.MarkupLine("[green]No problems found.[/]");
            return;
        }
        o.MarkupLine($"[red]{s.Problems.Count} problem(s):[/]");
        foreach (var p in s.Problems) o.WriteLine($"  {p}");
    }

    internal static string ToJson(DatasetSummary s)
    {
        var doc = new
        {
            root = s.Root,
            layout = s.Layout.ToString(),
            splits = s.Splits.Select(sp => new
            {
                name = sp.Name,
                images = sp.Images,
                withMask = sp.WithMask,
                unreadable = sp.Unreadable,
                sizes = sp.Sizes,
                channels = sp.Channels.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                meanForegroundShare = sp.MeanForegroundShare,
                emptyMasks = sp.EmptyMasks,
            }),
            problems = s.Problems.Select(p => new { path = p.Path, problem = p.Problem }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never });
    }
}
