using System.Diagnostics;
using System.Text.Json;
using Remask.Cli.Commands;
using Remask.Core.Experiments;
using Remask.Core.IO;
using Remask.Core.Datasets;
using Remask.Torch.Training;

namespace Remask.Cli.Experiments;

/// <summary>
/// One cell of an experiment: a training run in OUT/runs/KEY, trained by <see cref="TrainingRun"/> with the options a
/// <c>remask train</c> command line would give it. RUN/cell.json (the cell's <see cref="CellResult"/>) is written
/// last: a cell that has it is finished and skipped; one with a run.json and a checkpoint (or cross-fit folds) resumes;
/// any other folder starts again.
/// </summary>
internal sealed record ExperimentCell(string Dataset, string Noise, string Method, long Seed)
{
    public const string FileName = "cell.json";

    /// <summary>RUN/uncertainty/: the uncorrected model's maps of the training images, as <c>remask uncertainty --split
    /// train --masks NOISY</c> writes them (summary.json holds the error-detection AUROC of each map).</summary>
    public const string UncertaintyFolder = "uncertainty";

    /// <summary>The run folder's name: DATASET-NOISE-METHOD-sSEED (DATASET-clean-sSEED for the clean row).</summary>
    public string Key => Noise == "clean" ? $"{Dataset}-clean-s{Seed}" : $"{Dataset}-{Noise}-{Method}-s{Seed}";

    public string Folder(string outDir) => Path.Combine(outDir, "runs", Key);

    /// <summary>The cell's result if it is finished, else null.</summary>
    public CellResult? Finished(string outDir)
    {
        string path = Path.Combine(Folder(outDir), FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<CellResult>(File.ReadAllText(path), ExperimentSpec.Json) : null;
    }

    /// <summary>Trains (or resumes) the cell and writes cell.json; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public CellResult Run(ExperimentSpec spec, ExperimentSettings s, ExperimentData data, string outDir, CancellationToken cancellationToken)
    {
        string run = Folder(outDir);
        // a cell killed before its first checkpoint resumes too: --resume starts it again from run.json
        bool resume = File.Exists(Path.Combine(run, RunInfo.FileName));
        var settings = resume ? new TrainSettings { Resume = run } : TrainSettings(spec, s, data, run);
        var clock = Stopwatch.StartNew();
        TrainingRun.From(settings, epochs: null).With(Key).Run(cancellationToken);
        if (Method == "none" && data.TrainMasks is not null) ScoreErrorDetection(s, data, run, cancellationToken);
        var result = RunSummary.Read(run, Dataset, Noise, Method, Seed, clock.Elapsed.TotalSeconds);
        AtomicOutput.WriteAllText(Path.Combine(run, FileName), JsonSerializer.Serialize(result, ExperimentSpec.Json) + "\n");
        return result;
    }

    /// <summary>The options of <c>remask train</c> that train this cell from the start: the experiment's shared options
    /// (foreground, volumes, every relabeling option) and the cell's own.</summary>
    private TrainSettings TrainSettings(ExperimentSpec spec, ExperimentSettings s, ExperimentData data, string run) => SharedOptions.CopyTo(s, new TrainSettings
    {
        Data = data.Data, Masks = data.TrainMasks, TestNoisyMasks = data.TestNoisyMasks, Out = run, Overwrite = true,
        Epochs = spec.Epochs, Size = spec.Size, Batch = spec.Batch, Seed = Seed, Widths = spec.Widths,
        Method = Method, RelabelAt = spec.RelabelAt,
        CleanSubset = Method == "reweight" ? spec.CleanSubset?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    });

    /// <summary>Builds (and so validates) the training options of every method before any work starts: a bad relabel
    /// option is a usage error up front, not in the first relabel cell.</summary>
    public static void CheckOptions(ExperimentSpec spec, ExperimentSettings s)
    {
        foreach (string method in spec.Methods)
        {
            var cell = new ExperimentCell("check", "poly3", method, spec.Seeds[0]);
            TrainingRun.From(cell.TrainSettings(spec, s, new ExperimentData(".", ".", "."), "."), epochs: null);
        }
    }

    /// <summary>The uncorrected model's uncertainty maps of the training images, scored as detectors of the wrong
    /// training labels (the code of <c>remask uncertainty --masks</c>).</summary>
    private void ScoreErrorDetection(ExperimentSettings s, ExperimentData data, string run, CancellationToken cancellationToken)
    {
        var options = s.ToOptions();
        var set = PredictCommand.OpenImages(data.Data, "train", options);
        var (sampler, output) = UncertaintyOutput.Open(set, run, s.Uncertainty, s.Samples, Seed, new MaskFolderSource(data.TrainMasks!, options.Foreground));
        using (sampler)
            output.WriteAll(Path.Combine(run, UncertaintyFolder), overwrite: true, s.Batch, null, cancellationToken);
    }
}
