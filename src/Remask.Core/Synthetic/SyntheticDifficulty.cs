namespace Remask.Core.Synthetic;

/// <summary>
/// How hard a built-in synthetic dataset is (docs/synthetic-data.md, "Hard variants"). The same (kind, index,
/// size, seed) gives the same scene at both difficulties; <see cref="Hard"/> adds what makes the paper's data
/// hard on top of it, drawn from a separate random stream, so <see cref="Standard"/> stays bit-identical to the
/// datasets every earlier benchmark was measured on.
/// </summary>
public enum SyntheticDifficulty
{
    /// <summary>The original datasets: clear borders, smooth outlines.</summary>
    Standard,

    /// <summary>
    /// Ambiguous borders and irregular outlines: for derm low contrast, a pigment fade of varying width, blur,
    /// more hair and a ruler across the image, lobes, notches and satellite spots
    /// (<see cref="DermHardening"/>); for CT a liver whose contrast to its neighbours varies, neighbours touching
    /// and indenting it, lobes (<see cref="CtHardening"/>).
    /// </summary>
    Hard,
}

/// <summary>Names of the difficulties, as <c>--difficulty</c> and the dataset names take them.</summary>
public static class SyntheticDifficulties
{
    /// <summary>"standard" or "hard".</summary>
    public static string Name(SyntheticDifficulty difficulty) => difficulty switch
    {
        SyntheticDifficulty.Standard => "standard",
        SyntheticDifficulty.Hard => "hard",
        _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, null),
    };

    /// <summary>Reads "standard" or "hard" (any case); anything else is a usage error naming the value.</summary>
    public static SyntheticDifficulty Parse(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "standard" => SyntheticDifficulty.Standard,
        "hard" => SyntheticDifficulty.Hard,
        _ => throw new RemaskUsageException($"--difficulty: '{text}' is not a difficulty (use standard or hard)"),
    };
}
