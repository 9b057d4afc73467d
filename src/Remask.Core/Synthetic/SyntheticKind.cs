namespace Remask.Core.Synthetic;

/// <summary>The built-in synthetic datasets (BENCHMARK.md section 1).</summary>
public enum SyntheticKind
{
    /// <summary><c>synth-derm</c>: dermatoscopy-like RGB images of one pigmented lesion (<see cref="SynthDerm"/>).</summary>
    Derm,

    /// <summary><c>synth-ct</c>: abdominal CT slices with a liver-like organ (<see cref="SynthCt"/>).</summary>
    Ct,
}

/// <summary>Names, sizes and dispatch shared by the synthetic datasets.</summary>
public static class SyntheticDatasets
{
    /// <summary>Smallest image side the generators draw (below it the anatomy is a few pixels).</summary>
    public const int MinSize = 16;

    /// <summary>Largest image side the generators draw.</summary>
    public const int MaxSize = 2048;

    /// <summary>"derm" or "ct": the prefix of sample names and the value of <c>--kind</c>.</summary>
    public static string Name(SyntheticKind kind) => kind switch
    {
        SyntheticKind.Derm => "derm",
        SyntheticKind.Ct => "ct",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Image channels: 3 (RGB) for derm, 1 for CT.</summary>
    public static int Channels(SyntheticKind kind) => kind == SyntheticKind.Derm ? 3 : 1;

    /// <summary>Reads "derm", "ct", "synth-derm" or "synth-ct" (any case); anything else is a usage error.</summary>
    public static SyntheticKind ParseKind(string text)
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        if (t.StartsWith("synth-", StringComparison.Ordinal)) t = t["synth-".Length..];
        return t switch
        {
            "derm" => SyntheticKind.Derm,
            "ct" => SyntheticKind.Ct,
            _ => throw new RemaskUsageException($"--kind: '{text}' is not a synthetic dataset (use derm or ct)"),
        };
    }

    /// <summary>Sample <paramref name="index"/> of the dataset <paramref name="kind"/> at <paramref name="difficulty"/>.</summary>
    public static Datasets.Sample Generate(SyntheticKind kind, int index, int size, int seed,
        SyntheticDifficulty difficulty = SyntheticDifficulty.Standard) => kind switch
    {
        SyntheticKind.Derm => SynthDerm.Generate(index, size, seed, difficulty),
        SyntheticKind.Ct => SynthCt.Generate(index, size, seed, difficulty),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The name of a built-in dataset as <c>remask experiment --dataset</c> takes it: "synth-derm", "synth-ct",
    /// "synth-derm-hard", "synth-ct-hard".
    /// </summary>
    public static string DatasetName(SyntheticKind kind, SyntheticDifficulty difficulty) =>
        "synth-" + Name(kind) + (difficulty == SyntheticDifficulty.Standard ? "" : "-" + SyntheticDifficulties.Name(difficulty));

    /// <summary>True for a name that starts with "synth-": a built-in dataset rather than a folder.</summary>
    public static bool IsDatasetName(string text) => text.StartsWith("synth-", StringComparison.Ordinal);

    /// <summary>
    /// Reads a built-in dataset's name (<see cref="DatasetName"/>): the kind and, after a dash, the difficulty
    /// ("synth-derm-hard"); without one, standard. Anything else is a usage error naming the value.
    /// </summary>
    public static (SyntheticKind Kind, SyntheticDifficulty Difficulty) ParseDatasetName(string text)
    {
        foreach (SyntheticKind kind in Enum.GetValues<SyntheticKind>())
            foreach (SyntheticDifficulty difficulty in Enum.GetValues<SyntheticDifficulty>())
                if (text == DatasetName(kind, difficulty)) return (kind, difficulty);
        var known = Enum.GetValues<SyntheticKind>().SelectMany(k => Enum.GetValues<SyntheticDifficulty>().Select(d => DatasetName(k, d)));
        throw new RemaskUsageException($"--dataset: '{text}' is not a built-in dataset (use {string.Join(", ", known)} or a dataset folder)");
    }

    /// <summary>"derm_000123": the kind and the index, zero-padded to six digits.</summary>
    public static string SampleName(SyntheticKind kind, int index) =>
        Name(kind) + "_" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    internal static void CheckArguments(int index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (size is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"synthetic images are {MinSize} to {MaxSize} pixels wide");
    }
}
