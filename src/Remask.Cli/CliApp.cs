using System.Runtime.InteropServices;
using Remask.Cli.Commands;
using Remask.Core;
using Remask.Core.Imaging;
using Remask.Imaging.Skia;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli;

/// <summary>
/// The <c>remask</c> command: registers the verbs and turns failures into one-line errors and exit codes
/// (0 success, 1 bad data, 2 bad usage, 3 internal error, 130 interrupted).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int BadData = 1;
    public const int BadUsage = 2;
    /// <summary>An unexpected error (a bug in Remask or in a library it uses, not bad data or usage): one line on standard
    /// error that names the file with the full report (<see cref="CrashReport"/>).</summary>
    public const int InternalError = 3;
    public const int Interrupted = 130;

    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("remask");
        config.PropagateExceptions();
        config.UseStrictParsing();
        // Verbs are registered here (a file per verb in Commands/).
        config.AddCommand<SynthCommand>("synth")
            .WithDescription("Write a built-in synthetic dataset (synth-derm or synth-ct, standard or hard) in the generic pairs layout.")
            .WithExample("synth", "--kind", "derm", "--train", "400", "--test", "100", "--size", "64", "--seed", "2021", "--out", "data/synth-derm")
            .WithExample("synth", "--kind", "derm", "--difficulty", "hard", "--out", "data/synth-derm-hard")
            .WithExample("synth", "--kind", "ct", "--train", "16", "--test", "0", "--size", "128", "--out", "/tmp/ct", "--preview", "docs/synth-ct-grid.png");
        config.AddCommand<InfoCommand>("info")
            .WithDescription("Describe a dataset folder: layout, counts, sizes, channels, foreground share and every problem found.")
            .WithExample("info", "data/synth-derm")
            .WithExample("info", "ISIC2017", "--json");
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train U-Net-S on a dataset (optionally on noisy masks), scoring D_clean / D_noisy on the test split after every epoch.")
            .WithExample("train", "--data", "data/synth-derm", "--masks", "noisy/poly3", "--epochs", "10", "--size", "64", "--batch", "16", "--seed", "1", "--out", "runs/derm-poly3")
            .WithExample("train", "--resume", "runs/derm-poly3");
        config.AddCommand<ExperimentCommand>("experiment")
            .WithDescription("Run the paper's Table 1: every dataset x noise x method x seed cell (resumable), then results.json, results.md and report.html.")
            .WithExample("experiment", "--dataset", "synth-derm", "--noise", "clean,poly3,poly7,smooth", "--methods", "none,relabel", "--seeds", "1,2,3", "--out", "exp/derm");
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("The built-in first run: synth-derm with poly3 masks, trained without and with relabeling, and the report (a few minutes on 2 cores).")
            .WithExample("demo", "--out", "out/demo");
        config.AddCommand<PredictCommand>("predict")
            .WithDescription("Write probability maps (16-bit PNG) and binary masks at the images' original size with a trained model.")
            .WithExample("predict", "--model", "runs/derm-poly3", "--data", "photos", "--out", "predictions");
        config.AddCommand<UncertaintyCommand>("uncertainty")
            .WithDescription("Write per-pixel uncertainty maps (aleatoric, epistemic, mean probability, heat map) with MC dropout, TTA, both, or a deep ensemble; with --masks, score them as detectors of wrong labels.")
            .WithExample("uncertainty", "--model", "runs/derm-poly3", "--data", "data/synth-derm", "--split", "train", "--masks", "data/noisy-poly3", "--method", "tta", "--out", "unc/derm-poly3")
            .WithExample("uncertainty", "--model", "runs/derm-ensemble", "--data", "photos", "--method", "ensemble", "--out", "unc/photos");
        config.AddCommand<RelabelCommand>("relabel")
            .WithDescription("Repair masks once: from a trained model's uncertainty (--model) or from N probability samples per image from any model (--probs); writes masks/, relabel.csv and label-quality.csv.")
            .WithExample("relabel", "--model", "runs/derm-poly3", "--data", "data/synth-derm", "--masks", "data/noisy-poly3", "--uncertainty", "tta", "--out", "repaired")
            .WithExample("relabel", "--probs", "probs", "--masks", "data/noisy-poly3", "--out", "repaired");
        config.AddCommand<CorruptCommand>("corrupt")
            .WithDescription("Write noisy copies of clean masks (the paper's polygon noise and other annotator errors) and print their mean Dice.")
            .WithExample("corrupt", "data/synth-derm/train/masks", "--noise", "poly3", "--seed", "1", "--out", "data/noisy-poly3");
        config.AddCommand<EvaluateCommand>("evaluate")
            .WithDescription("Score predicted masks against reference masks paired by name: mean Dice, IoU, precision, recall, HD95.")
            .WithExample("evaluate", "--pred", "data/noisy-poly3", "--ref", "data/synth-derm/train/masks", "--json");
        config.AddCommand<BenchCommand>("bench")
            .WithDescription("Measure the speed protocol of BENCHMARK.md section 6 on this machine (training and uncertainty throughput, noise and relabel per mask, peak memory): a table, and DIR/bench.json with --out.")
            .WithExample("bench", "--out", "out/bench")
            .WithExample("bench", "--quick");
        config.AddBranch("cache", cache =>
        {
            cache.SetDescription("The preprocessed samples that train --cache keeps in the user's cache folder.");
            cache.AddCommand<CacheClearCommand>("clear")
                .WithDescription("Delete the preprocessed samples (they are rebuilt by the next train --cache).")
                .WithExample("cache", "clear");
        });
        config.AddCommand<MorphCommand>("morph")
            .WithDescription("Clean up masks: fill-holes, open, close or largest-component, written to a new folder under the same names.")
            .WithExample("morph", "fill-holes", "data/noisy-poly3", "--out", "data/filled")
            .WithExample("morph", "open", "data/noisy-poly3", "--radius", "2", "--out", "data/opened");
    }

    public static int Run(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl-C: stop cleanly at the next safe point. A second one kills the process.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (kill, docker stop, a batch system's time limit, experiment --jobs stopping its processes) stops at the
        // next safe point too, every time: whoever sends it escalates to SIGKILL if it must.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        // Redirected output (a file, a pipe, a test) has no terminal width: do not wrap tables at 80 columns.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 160;
        // JPEGs through libjpeg-turbo (3x faster than the managed decoder, and DCT scaling for the cache's first pass)
        JpegReader.Decoder = SkiaJpegDecoder.Instance;
        // several MPI ranks run train together (docs/scale.md); any other verb would run N times over the same outputs
        if (MpiLaunch.OtherVerbOnSeveralRanks(args) is string refusal)
        {
            if (MpiLaunch.EnvironmentRank == 0) Console.Error.WriteLine($"usage error: {refusal}");
            return BadUsage;
        }
        try
        {
            var app = new CommandApp();
            app.Configure(Configure);
            return app.Run(args, cancel.Token);
        }
        catch (Exception e)
        {
            return Report(e, Console.Error, ex => CrashReport.Write(ex, args, CrashReport.Folder(), Path.GetTempPath()));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Prints one line for a failure on <paramref name="error"/> and returns its exit code; an unexpected error's
    /// full report goes to the file <paramref name="writeReport"/> writes (it returns the path, or null).</summary>
    internal static int Report(Exception e, TextWriter error, Func<Exception, string?> writeReport)
    {
        switch (e)
        {
            case RemaskDataException:
                error.WriteLine($"error: {e.Message}");
                return BadData;
            case RemaskUsageException:
            case CommandParseException:
            case CommandRuntimeException:
                error.WriteLine($"usage error: {OneLine(e.Message)} (see 'remask --help')");
                return BadUsage;
            case OperationCanceledException:
                error.WriteLine("interrupted");
                return Interrupted;
            case AggregateException { InnerExceptions.Count: 1 } agg:
                return Report(agg.InnerExceptions[0], error, writeReport);
            case FileNotFoundException fnf:
                error.WriteLine($"error: {fnf.FileName ?? "file"}: not found");
                return BadData;
            case DirectoryNotFoundException or IOException or UnauthorizedAccessException:
                error.WriteLine($"error: {OneLine(e.Message)}");
                return BadData;
            default:
                string? report = writeReport(e);
                error.WriteLine($"internal error: {e.GetType().Name}: {OneLine(e.Message)}; a bug in Remask, not in the data. " +
                    (report is null ? "The full report could not be written anywhere." : $"Full report: {report}"));
                return InternalError;
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
