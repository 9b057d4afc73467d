using Spectre.Console;

namespace Remask.Cli;

/// <summary>
/// Console output of the verbs: results go to standard output, progress and messages to standard error
/// (so that <c>--json</c> output stays clean and can be piped).
/// </summary>
internal static class Ui
{
    private static readonly Lazy<IAnsiConsole> ErrConsole = new(() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));

    public static IAnsiConsole Err => ErrConsole.Value;

    public static IAnsiConsole Out => AnsiConsole.Console;

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar on standard error (drawn when it is a terminal; a final
    /// line otherwise). The work reports (done, total).
    /// </summary>
    public static T WithProgress<T>(string label, Func<IProgress<(int Done, int Total)>, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            var started = DateTime.UtcNow;
            T plain = work(new Progress<(int, int)>(_ => { }));
            Console.Error.WriteLine($"{label}: done in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return plain;
        }
        T result = default!;
        Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
                var reporter = new Remask.Core.SynchronousProgress<(int Done, int Total)>(p =>
                {
                    if (p.Total > 0) task.MaxValue = p.Total;
                    task.Value = p.Done;
                });
                result = work(reporter);
                task.Value = task.MaxValue;
            });
        return result;
    }

    public static void WithProgress(string label, Action<IProgress<(int Done, int Total)>> work) =>
        WithProgress<bool>(label, p => { work(p); return true; });
}
