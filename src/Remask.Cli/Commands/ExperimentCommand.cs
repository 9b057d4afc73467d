using Remask.Cli.Experiments;
using Remask.Core;
using Remask.Core.Experiments;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask experiment --dataset D --noise LIST --methods LIST --seeds LIST --out DIR</c>: the paper's Table 1 from one
/// command. Runs every cell (dataset x noise x method x seed), each an <see cref="ExperimentCell"/> (finished cells are
/// skipped, an interrupted one resumes), then writes results.json, results.md and report.html. Two cells run at once by
/// default (<c>--jobs N</c>: N), each in a process of its own (<see cref="CellLanes"/>); with <c>--jobs 1</c> they run
/// one after the other in this process.
/// </summary>
internal sealed class ExperimentCommand : Command<ExperimentSettings>
{
    public override int Execute(CommandContext context, ExperimentSettings settings, CancellationToken cancellationToken) =>
        Run(settings, "remask " + string.Join(' ', context.Arguments), out _, cancellationToken, context.Arguments);

    /// <summary>Runs (or finishes) the experiment that <paramref name="settings"/> describe and writes its outputs;
    /// <paramref name="results"/> gets every cell's result (empty when interrupted). Shared by <c>experiment</c> and
    /// <c>demo</c>. <paramref name="arguments"/>, the command line after <c>remask</c>, is what the processes of
    /// <c>--jobs</c> are started with (needed when <see cref="ExperimentSettings.JobCount"/> is above 1).</summary>
    internal static int Run(ExperimentSettings settings, string command, out IReadOnlyList<CellResult> results, CancellationToken cancellationToken,
        IReadOnlyList<string>? arguments = null)
    {
        results = [];
        // Everything that can be wrong with the arguments is checked before the first file is written.
        foreach (string d in settings.Datasets) ExperimentData.Check(d);
        var spec = ExperimentSpec.From(settings);
        ExperimentCell.CheckOptions(spec, settings);
        var cells = Cells(spec);
        if (settings.Cell is string only)
            cells = cells.Where(c => c.Cell.Key == only).ToList() is { Count: 1 } one ? one
                : throw new RemaskUsageException($"--cell: this experiment has no cell '{only}'");
        string outDir = settings.Out!;
        spec.Claim(outDir);

        var done = new Dictionary<ExperimentCell, CellResult>();
        var data = new Dictionary<(string Dataset, string Noise), ExperimentData>();
        foreach (var (cell, dataset) in cells)
        {
            if (cell.Finished(outDir) is { } finished)
            {
                Console.Error.WriteLine($"{cell.Key}: finished, skipped");
                done[cell] = finished;
            }
            // the data of every cell still to run is written here, before any cell starts (also before the --jobs
            // processes, so that no two processes write it at once); Prepare returns folders that exist as they are
            else if (!data.ContainsKey((cell.Dataset, cell.Noise)))
                data[(cell.Dataset, cell.Noise)] = ExperimentData.Prepare(spec, outDir, dataset, cell.Noise, cancellationToken);
        }
        var pending = cells.Select(c => c.Cell).Where(c => !done.ContainsKey(c)).ToList();

        if (settings.JobCount > 1 && settings.Cell is null && pending.Count > 1)
        {
            int code = CellLanes.Run(pending, settings.JobCount, arguments ?? throw new InvalidOperationException("--jobs needs the command line"), cancellationToken);
            if (code != CliApp.Ok) return code;
            foreach (var cell in pending)
                done[cell] = cell.Finished(outDir) ?? throw new InvalidOperationException($"{cell.Key}: its process ended without cell.json");
        }
        else
            foreach (var cell in pending)
            {
                try
                {
                    var result = cell.Run(spec, settings, data[(cell.Dataset, cell.Noise)], outDir, cancellationToken);
                    Console.Out.WriteLine($"{cell.Key}: D_clean {result.LastDClean:F1} %" + (result.LastDNoisy is double n ? $", D_noisy {n:F1} %" : ""));
                    done[cell] = result;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"interrupted in {cell.Key}; checkpoint written. Continue with the same command.");
                    return CliApp.Interrupted;
                }
            }
        if (settings.Cell is not null) return CliApp.Ok; // a --jobs process: the parent writes the tables

        var all = cells.Select(c => (c.Cell, done[c.Cell])).ToList();
        ExperimentOutputs.Write(outDir, spec, command, all);
        results = all.Select(c => c.Item2).ToList();
        Console.Out.WriteLine($"{all.Count} cell(s); results: {Path.GetFullPath(Path.Combine(outDir, "results.md"))}, report: {Path.GetFullPath(Path.Combine(outDir, "report.html"))}");
        return CliApp.Ok;
    }

    /// <summary>Every cell of the experiment, in the order they run (dataset, noise, method, seed; the clean row trains
    /// once per seed), each with its <c>--dataset</c> entry.</summary>
    private static List<(ExperimentCell Cell, string Dataset)> Cells(ExperimentSpec spec) =>
        (from dataset in spec.Datasets
         from noise in spec.Noises
         from method in noise == "clean" ? ["none"] : spec.Methods
         from seed in spec.Seeds
         select (new ExperimentCell(ExperimentData.NameOf(dataset), noise, method, seed), dataset)).ToList();
}
