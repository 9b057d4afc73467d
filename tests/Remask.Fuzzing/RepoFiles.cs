namespace Remask.Fuzzing;

/// <summary>Files of the repository (the fixtures the seeds come from), found from the running program's folder up to
/// the folder that holds Remask.sln.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The seeds: the files of <paramref name="folder"/> (relative to the repository) that match <paramref name="pattern"/>.</summary>
    public static IReadOnlyList<FuzzSeed> Seeds(string folder, string pattern, Func<string, bool>? where = null) =>
        Directory.GetFiles(PathOf(folder), pattern)
            .Where(f => where?.Invoke(Path.GetFileName(f)) ?? true)
            .Order(StringComparer.Ordinal)
            .Select(f => new FuzzSeed(Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Remask.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Remask.sln above {AppContext.BaseDirectory}");
    }
}
