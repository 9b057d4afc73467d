using Remask.Cli.Experiments;
using Remask.Core.Experiments;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask experiment --dataset D --noise LIST --methods LIST --seeds LIST --out DIR</c>: the paper's Table 1 from one
/// command. Runs every cell (dataset x noise x method x seed) one after the other, each an <see cref="ExperimentCell"/>
/// (finished cells are skipped, an interrupted one resumes), then writes results.json, results.md and report.html.
/// Cells run sequentially: a training run already uses both cores of the machine it was written on.
/// </summary>
internal sealed class ExperimentCommand : Command<ExperimentSettings>
{
    public override int Execute(CommandContext context, ExperimentSettings settings, CancellationToken cancellationToken) =>
        Run(settings, "remask " + string.Join(' ', context.Arguments), out _, cancellationToken);

    /// <summary>Runs (or finishes) the experiment that <paramref name="settings"/> describe and writes its outputs;
    /// <paramref name="results"/> gets every cell's result (empty when interrupted). Shared by <c>experiment</c> and
    /// <c>demo</c>.</summary>
    internal static int Run(ExperimentSettings settings, string command, out IReadOnlyList<CellResult> results, CancellationToken cancellationToken)
    {
        results = [];
        // Everything that can be wrong with the arguments is checked before the first file is written.
        foreach (string d in settings.Datasets) ExperimentData.Check(d);
        var spec = ExperimentSpec.From(settings);
        ExperimentCell.CheckOptions(spec, settings);
        string outDir = settings.Out!;
        spec.Claim(outDir);

        var cells = new List<(ExperimentCell, CellResult)>();
        foreach (string dataset in spec.Datasets)
            foreach (string noise in spec.Noises)
            {
                var methods = noise == "clean" ? ["none"] : spec.Methods;
                ExperimentData? data = null;
                foreach (string method in methods)
                    foreach (long seed in spec.Seeds)
                    {
                        var cell = new ExperimentCell(ExperimentData.NameOf(dataset), noise, method, seed);
                        if (cell.Finished(outDir) is { } done)
                        {
                            Console.Error.WriteLine($"{cell.Key}: finished, skipped");
                            cells.Add((cell, done));
                            continue;
                        }
                        data ??= ExperimentData.Prepare(spec, outDir, dataset, noise, cancellationToken);
                        try
                        {
                            var result = cell.Run(spec, settings, data, outDir, cancellationToken);
                            Console.Out.WriteLine($"{cell.Key}: D_clean {result.LastDClean:F1} %" + (result.LastDNoisy is double n ? $", D_noisy {n:F1} %" : ""));
                            cells.Add((cell, result));
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            Console.Error.WriteLine($"interrupted in {cell.Key}; checkpoint written. Continue with the same command.");
                            return CliApp.Interrupted;
                        }
                    }
            }
        ExperimentOutputs.Write(outDir, spec, command, cells);
        results = cells.Select(c => c.Item2).ToList();
        Console.Out.WriteLine($"{cells.Count} cell(s); results: {Path.GetFullPath(Path.Combine(outDir, "results.md"))}, report: {Path.GetFullPath(Path.Combine(outDir, "report.html"))}");
        return CliApp.Ok;
    }
}
