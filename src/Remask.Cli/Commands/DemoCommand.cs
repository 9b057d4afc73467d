using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>remask demo [--out DIR]</c>: the built-in first run. An experiment of one dataset, one noise and one seed
/// (<see cref="ExperimentCommand.Run"/>): synth-derm (400 train / 100 test, 64 x 64), its masks corrupted the paper's way
/// (poly3), U-Net-S trained on the noisy masks (none) and with relabeling (the default, cross-fitted), and the report.
/// Prints both models' D_clean and the report's path. Interrupted, it continues where it stopped when run again.
/// </summary>
internal sealed class DemoCommand : Command<DemoCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder (default out/demo): the data, both runs, results.md and report.html")]
        [DefaultValue("out/demo")]
        public string Out { get; init; } = "out/demo";

        [CommandOption("--epochs <E>")]
        [Description("Training epochs of each run (default 10)")]
        [DefaultValue(10)]
        public int Epochs { get; init; } = 10;

        [CommandOption("--train <N>")]
        [Description("Training images (default 400)")]
        [DefaultValue(400)]
        public int Train { get; init; } = 400;

        [CommandOption("--test <M>")]
        [Description("Test images (default 100)")]
        [DefaultValue(100)]
        public int Test { get; init; } = 100;

        [CommandOption("--size <S>")]
        [Description("Image size in pixels, a multiple of 16 (default 64)")]
        [DefaultValue(64)]
        public int Size { get; init; } = 64;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var experiment = new ExperimentSettings
        {
            Dataset = "synth-derm", Noise = "poly3", Methods = "none,relabel", Seeds = "1",
            Epochs = settings.Epochs, Train = settings.Train, Test = settings.Test, Size = settings.Size, Out = settings.Out,
        };
        var valid = experiment.Validate();
        if (!valid.Successful) throw new Core.RemaskUsageException(valid.Message ?? "invalid demo settings");
        // the same experiment as a command line, for the processes that train its two cells at once (--jobs)
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string[] arguments = ["experiment", "--dataset", experiment.Dataset, "--noise", experiment.Noise, "--methods", experiment.Methods,
            "--seeds", experiment.Seeds, "--epochs", I(experiment.Epochs), "--train", I(experiment.Train), "--test", I(experiment.Test),
            "--size", I(experiment.Size), "--out", experiment.Out];
        int code = ExperimentCommand.Run(experiment, "remask " + string.Join(' ', context.Arguments), out var results, cancellationToken, arguments);
        if (code != CliApp.Ok) return code;
        foreach (var r in results)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(r.Method == "none" ? "trained on the noisy masks" : "with relabeling"),-27} D_clean {r.LastDClean:F1} % (Dice with the clean test masks)"));
        Console.Out.WriteLine($"report: {Path.GetFullPath(Path.Combine(settings.Out, "report.html"))}");
        return CliApp.Ok;
    }
}
