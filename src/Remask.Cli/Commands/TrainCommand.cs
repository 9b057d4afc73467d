using Remask.Torch.Training;
using Remask.Torch.Uncertainty;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask train --data DATASET --out RUN ...</c>: trains U-Net-S on a dataset's training split (or on noisy
/// masks given with <c>--masks</c>), scoring the test split after every epoch; <c>--resume RUN</c> continues an
/// interrupted run with the options it was started with; <c>--ensemble M</c> trains M members of a deep ensemble. The
/// run itself is a <see cref="TrainingRun"/>.
/// </summary>
internal sealed class TrainCommand : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        int? epochs = context.Arguments.Contains("--epochs") ? settings.Epochs : null;
        using var ranks = MpiLaunch.Start();
        try
        {
            return Train(settings, epochs, ranks, cancellationToken);
        }
        catch (Exception e) when (ranks.Size > 1 && e is not OperationCanceledException)
        {
            // one rank's error ends every rank (the others may wait for it in a collective); a usage error is the same
            // on every rank (same command line, same run.json), so rank 0 alone prints it
            var text = new StringWriter();
            int code = CliApp.Report(e, text, ex => CrashReport.Write(ex, context.Arguments, CrashReport.Folder(), Path.GetTempPath()));
            if (ranks.Rank == 0) Console.Error.Write(text);
            else if (e is not Core.RemaskUsageException) Console.Error.Write($"rank {ranks.Rank}: {text}");
            Console.Error.Flush();
            // the other ranks give rank 0, which most likely failed the same way, the time to print its line first
            if (ranks.Rank != 0) Thread.Sleep(TimeSpan.FromSeconds(2));
            ranks.Abort(code);
            return code;
        }
    }

    private static int Train(TrainSettings settings, int? epochs, ProcessGroup ranks, CancellationToken cancellationToken)
    {
        var run = TrainingRun.From(settings, epochs) with { Ranks = ranks.Collective };
        if (ranks.Size > 1) DataParallelSupport.Check(run, settings, ranks.Size);
        if (settings.Ensemble is int members) return TrainEnsemble(run, members, cancellationToken);
        TrainingResult result;
        try
        {
            result = run.Run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || ranks.Size > 1)
        {
            if (ranks.Rank == 0)
                Console.Error.WriteLine($"interrupted; checkpoint written. Continue with: {(ranks.Size > 1 ? $"mpirun -np {ranks.Size} " : "")}remask train --resume {run.Folder}");
            return CliApp.Interrupted;
        }
        if (ranks.Rank != 0) return CliApp.Ok;
        var last = result.Epochs[^1];
        Console.Out.WriteLine($"trained {last.Epoch} epoch(s): loss {last.TrainLoss:F4}"
            + (last.DClean is double c ? $", D_clean {c:F1} %" : "") + (last.DNoisy is double n ? $", D_noisy {n:F1} %" : ""));
        Console.Out.WriteLine($"run folder: {Path.GetFullPath(run.Folder)} (model.pt, metrics.csv, metrics.json)");
        return CliApp.Ok;
    }

    /// <summary>
    /// <c>--ensemble M</c>: member m is an ordinary run (seed K + m) in OUT/member-MM, trained one after the other
    /// (<see cref="EnsembleTraining.Members"/>: a finished member is skipped, an interrupted one resumed, a member
    /// trained with other options refused; with --overwrite every member starts anew).
    /// </summary>
    private static int TrainEnsemble(TrainingRun run, int members, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(run.Folder, "run.json")))
            throw new Core.RemaskUsageException($"{run.Folder}: is a run folder, not an ensemble folder; give --ensemble another --out");
        // one-channel images get their default jitter before the members' options are compared with what they recorded
        run = run.WithImageDefaults(cancellationToken);
        foreach (var m in EnsembleTraining.Members(run.Folder, members, run.Options, overwrite: run.Start == RunStart.Overwrite))
        {
            if (m.Start is not RunStart start)
            {
                Console.Error.WriteLine($"member {m.Index + 1}/{members}: finished, skipped ({m.Folder})");
                continue;
            }
            var description = new Dictionary<string, string?>(run.Description) { ["ensemble_member"] = m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var member = (run with { Folder = m.Folder, Options = m.Options, Start = start, Description = description }).With($"member {m.Index + 1}/{members}");
            try
            {
                member.Run(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine("interrupted; checkpoint written. Continue with the same command (finished members are skipped)");
                return CliApp.Interrupted;
            }
        }
        Console.Out.WriteLine($"ensemble of {members} members: {Path.GetFullPath(run.Folder)} (member-00 .. member-{members - 1:D2})");
        Console.Out.WriteLine($"its uncertainty: remask uncertainty --method ensemble --model {run.Folder} --data DATASET --out DIR");
        return CliApp.Ok;
    }
}
