using Remask.Torch.Training;
using Spectre.Console;

namespace Remask.Cli.Commands;

/// <summary>Runs training with a progress bar (epoch, step, loss, images/s, last D_clean / D_noisy) on standard
/// error, or one line per epoch when standard error is not a terminal.</summary>
internal static class TrainingUi
{
    /// <param name="train">Starts training with the given progress callback.</param>
    /// <param name="stage">What is trained, when a command trains several models (shown before each line).</param>
    public static TrainingResult Run(Func<Action<TrainingProgress>, TrainingResult> train, int epochs, string? stage = null)
    {
        string prefix = stage is null ? "" : stage + ": ";
        if (Console.IsErrorRedirected)
            return train(p => { if (p.Phase == "epoch done") Console.Error.WriteLine(prefix + Line(p)); });
        TrainingResult result = null!;
        Ui.Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: epochs);
                result = train(p =>
                {
                    task.Description = Markup.Escape(prefix + Line(p));
                    task.Value = p.Steps == 0 ? p.Epoch : p.Epoch - 1 + (double)p.Step / p.Steps;
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    internal static string Line(TrainingProgress p)
    {
        string scores = (p.LastDClean is double c ? $"  D_clean {c:F1}" : "") + (p.LastDNoisy is double n ? $"  D_noisy {n:F1}" : "");
        string step = p.Steps > 0 ? $"  step {p.Step}/{p.Steps}" : "";
        return $"epoch {p.Epoch}/{p.Epochs}{step}  loss {p.Loss:F4}  {p.ImagesPerSecond:F0} img/s{scores}  {p.Phase}";
    }
}
