namespace Remask.Core.IO;

/// <summary>
/// Writes outputs under a temporary name and moves them into place only when complete, so that an error
/// or an interruption never leaves a half-written file or folder behind.
/// </summary>
public static class AtomicOutput
{
    /// <summary>Writes one file: <paramref name="write"/> gets a stream to a temporary file beside
    /// <paramref name="path"/>, which replaces <paramref name="path"/> when it returns.</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string temp = TempName(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                write(stream);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        WriteFile(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false)); w.Write(text); });

    public static void WriteAllBytes(string path, byte[] bytes) => WriteFile(path, s => s.Write(bytes));

    /// <summary>
    /// Builds a whole folder: <paramref name="build"/> fills a temporary folder beside <paramref name="dir"/>,
    /// which then takes the place of <paramref name="dir"/> (an existing one is replaced only when
    /// <paramref name="overwrite"/> is set; otherwise it must not exist or be empty).
    /// </summary>
    public static void WriteDirectory(string dir, bool overwrite, Action<string> build)
    {
        string full = System.IO.Path.GetFullPath(dir).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        bool exists = Directory.Exists(full);
        if (File.Exists(full)) throw new RemaskDataException(dir, "is a file, not a folder");
        if (exists && !overwrite && Directory.EnumerateFileSystemEntries(full).Any())
            throw new RemaskDataException(dir, "the output folder already holds files; pass --overwrite to replace it");
        string? parent = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        string temp = TempName(full);
        Directory.CreateDirectory(temp);
        try
        {
            build(temp);
            if (exists)
            {
                string old = TempName(full) + ".old";
                Directory.Move(full, old);
                Directory.Move(temp, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temp, full);
            }
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    private static string TempName(string full) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full) ?? ".",
            "." + System.IO.Path.GetFileName(full) + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
