using Remask.Torch.Training;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask train --data DATASET --out RUN ...</c>: trains U-Net-S on a dataset's training split (or on noisy
/// masks given with <c>--masks</c>), scoring the test split after every epoch; <c>--resume RUN</c> continues an
/// interrupted run with the options it was started with. The run itself is a <see cref="TrainingRun"/>.
/// </summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        int? epochs = context.Arguments.Contains("--epochs") ? settings.Epochs : null;
        var run = TrainingRun.From(settings, epochs);
        TrainingResult result;
        try
        {
            result = run.Run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"interrupted; checkpoint written. Continue with: remask train --resume {run.Folder}");
            return CliApp.Interrupted;
        }
        var last = result.Epochs[^1];
        Console.Out.WriteLine($"trained {last.Epoch} epoch(s): loss {last.TrainLoss:F4}"
            + (last.DClean is double c ? $", D_clean {c:F1} %" : "") + (last.DNoisy is double n ? $", D_noisy {n:F1} %" : ""));
        Console.Out.WriteLine($"run folder: {Path.GetFullPath(run.Folder)} (model.pt, metrics.csv, metrics.json)");
        return CliApp.Ok;
    }
}
