using System.Globalization;
using Remask.Core.Datasets.Preprocessed;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary><c>remask cache clear</c>: deletes the preprocessed samples that <c>train --cache</c> keeps in the user's cache folder.</summary>
internal sealed class CacheClearCommand : Command<CacheClearCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        long bytes = CacheFolders.ClearPreprocessed();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cleared {CacheFolders.Preprocessed()}: {bytes / 1e6:F1} MB freed"));
        return CliApp.Ok;
    }
}
