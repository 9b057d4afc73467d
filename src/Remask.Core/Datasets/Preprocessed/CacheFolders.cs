namespace Remask.Core.Datasets.Preprocessed;

/// <summary>
/// Where Remask keeps what it derives from datasets: <c>$XDG_CACHE_HOME/remask</c> (default <c>~/.cache/remask</c>),
/// never a dataset folder. <c>preprocessed/</c> holds the training-size samples (<see cref="PreprocessedCache"/>).
/// </summary>
public static class CacheFolders
{
    /// <summary>
    /// The folder of Remask's caches: <c>$XDG_CACHE_HOME/remask</c>, or <c>~/.cache/remask</c> when that is unset or
    /// empty.
    /// </summary>
    public static string Root() => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "remask");

    /// <summary>
    /// The folder of the preprocessed samples' entries: <c>preprocessed/</c> under <see cref="Root"/>.
    /// </summary>
    public static string Preprocessed() => Path.Combine(Root(), "preprocessed");

    /// <summary>Deletes the preprocessed samples (complete entries and those a killed first pass left half-written);
    /// returns the bytes freed.</summary>
    public static long ClearPreprocessed()
    {
        string dir = Preprocessed();
        if (!Directory.Exists(dir)) return 0;
        long bytes = new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Directory.Delete(dir, recursive: true);
        return bytes;
    }
}
