using System.Text.Json;
using System.Text.Json.Serialization;
using Remask.Cli.Commands;
using Remask.Core;
using Remask.Core.IO;
using Remask.Core.Synthetic;

namespace Remask.Cli.Experiments;

/// <summary>
/// OUT/experiment.json: the arguments that decide what an experiment's cells compute. A second invocation with the
/// same arguments continues the experiment in OUT; different ones are refused before any work starts.
/// </summary>
internal sealed record ExperimentSpec(IReadOnlyList<string> Datasets, IReadOnlyList<string> Noises, IReadOnlyList<string> Methods,
    IReadOnlyList<long> Seeds, int Epochs, int Size, int Train, int Test, int? CleanSubset, string RelabelAt, int Batch, string? Widths,
    string Uncertainty, int? Samples, string? Flip, string? Threshold, double? Margin, bool NoGuard, int Version = 1,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Options = null)
{
    /// <summary>The shared options with fields of their own above; <see cref="Options"/> holds every other one that is
    /// not at its default (<see cref="SharedOptions.NonDefault"/>), so an experiment run with defaults writes the
    /// experiment.json it always did.</summary>
    private static readonly string[] OwnFields = ["uncertainty", "samples", "flip", "threshold", "margin", "no-guard"];

    public const string FileName = "experiment.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static ExperimentSpec From(ExperimentSettings s) => new(
        s.Datasets.Select(d => SyntheticDatasets.IsDatasetName(d) ? d : Path.GetFullPath(d)).ToList(),
        s.Noises, s.MethodList, s.SeedList, s.Epochs, s.Size, s.Train, s.Test, s.CleanSubset, s.RelabelAt, s.Batch, s.Widths,
        s.Uncertainty, s.Samples, s.Flip, s.Threshold, s.Margin, s.NoGuard, Options: SharedOptions.NonDefault(s, OwnFields));

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Refuses an <paramref name="outDir"/> that holds a different experiment, or files but no experiment.json;
    /// then records this one there.</summary>
    public void Claim(string outDir)
    {
        string path = Path.Combine(outDir, FileName);
        if (File.Exists(path))
        {
            if (File.ReadAllText(path) != ToJson())
                throw new RemaskDataException(outDir, "holds a different experiment (its experiment.json has other arguments); choose another --out");
            return;
        }
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            throw new RemaskDataException(outDir, "is not empty and holds no experiment.json; choose another --out");
        Directory.CreateDirectory(outDir);
        AtomicOutput.WriteAllText(path, ToJson());
    }
}
