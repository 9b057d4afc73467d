namespace Remask.Core.IO;

/// <summary>
/// Writes outputs under a temporary name and moves them into place only when complete, so that an error, an
/// interruption or a full disk never leaves a half-written file or folder behind and never touches the previous one.
/// </summary>
/// <remarks>
/// A file is flushed to the disk (fsync) before it is renamed into place, so that after a crash the name holds either the
/// old or the new content, never a renamed but unwritten file. A write that fails for want of space or permission (an
/// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> while writing or moving) becomes a one-line
/// <see cref="RemaskDataException"/> naming the folder, which says that the previous output is kept.
/// </remarks>
public static class AtomicOutput
{
    /// <summary>Writes one file: <paramref name="write"/> gets a stream to a temporary file beside
    /// <paramref name="path"/>, which replaces <paramref name="path"/> when it returns.</summary>
    public static void WriteFile(string path, Action<Stream> write)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? dir = System.IO.Path.GetDirectoryName(full);
        bool existed = File.Exists(full);
        string temp = TempName(full);
        try
        {
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            TryDelete(temp);
            throw Failed(dir ?? ".", System.IO.Path.GetFileName(full), existed, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> as UTF-8 without a byte-order mark to <paramref name="path"/>, as
    /// <see cref="WriteFile"/> does.
    /// </summary>
    public static void WriteAllText(string path, string text) =>
        WriteFile(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, as <see cref="WriteFile"/> does.</summary>
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
        string parent = System.IO.Path.GetDirectoryName(full) ?? ".";
        string temp = TempName(full);
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(temp);
            build(temp);
            if (exists) Replace(full, temp);
            else Directory.Move(temp, full);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
            TryDeleteDirectory(temp);
            throw Failed(parent, System.IO.Path.GetFileName(full), exists, e);
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>Puts <paramref name="temp"/> in the place of the existing folder <paramref name="full"/>; if the second
    /// move fails, the old folder goes back.</summary>
    private static void Replace(string full, string temp)
    {
        string old = TempName(full) + ".old";
        Directory.Move(full, old);
        try
        {
            Directory.Move(temp, full);
        }
        catch
        {
            Directory.Move(old, full);
            throw;
        }
        TryDeleteDirectory(old);
    }

    /// <summary>
    /// Repairs what a process killed while it replaced <paramref name="dir"/> with <see cref="WriteDirectory"/> left
    /// behind: when the kill fell between the swap's two renames, <paramref name="dir"/> is missing and the previous
    /// folder (complete: it was in place before the swap began) waits under its temporary <c>.old</c> name, and is put
    /// back; the other temporary folders of <paramref name="dir"/> (a half-built replacement, an old folder half deleted)
    /// are deleted. Returns true when a folder was put back. Call it only while no other process writes beside
    /// <paramref name="dir"/> (a run folder's <c>RunLock</c>).
    /// </summary>
    public static bool RecoverDirectory(string dir)
    {
        string full = System.IO.Path.GetFullPath(dir).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        string parent = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent)) return false;
        string prefix = "." + System.IO.Path.GetFileName(full) + ".tmp-";
        var leftovers = Directory.EnumerateDirectories(parent, prefix + "*").Where(d => IsTempName(System.IO.Path.GetFileName(d), prefix)).ToList();
        bool recovered = false;
        if (!Directory.Exists(full) && !File.Exists(full))
        {
            // the newest previous folder, should several have been left (its time is that of its last build)
            string? old = leftovers.Where(d => d.EndsWith(".old", StringComparison.Ordinal)).OrderByDescending(Directory.GetLastWriteTimeUtc).FirstOrDefault();
            if (old is not null)
            {
                Directory.Move(old, full);
                leftovers.Remove(old);
                recovered = true;
            }
        }
        foreach (string leftover in leftovers) TryDeleteDirectory(leftover);
        return recovered;
    }

    /// <summary>Deletes the temporary files and folders that writes into <paramref name="folder"/> and its subfolders left
    /// behind when their process was killed; run <see cref="RecoverDirectory"/> first for the folders there that may
    /// have been in the middle of a swap. Call it only while no other process writes in <paramref name="folder"/> (a run
    /// folder under its <c>RunLock</c>). Symbolic links to folders are not followed.</summary>
    public static void RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder).ToList())
        {
            string name = System.IO.Path.GetFileName(entry);
            int at = name.LastIndexOf(".tmp-", StringComparison.Ordinal);
            bool leftover = name.StartsWith('.') && at >= 2 && IsTempName(name, name[..(at + ".tmp-".Length)]);
            bool folderHere = Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null;
            if (leftover && folderHere) TryDeleteDirectory(entry);
            else if (leftover) TryDelete(entry);
            else if (folderHere) RemoveLeftovers(entry);
        }
    }

    /// <summary>A name <see cref="TempName"/> makes from <paramref name="prefix"/> (".NAME.tmp-"): the process id, a
    /// dash, eight hexadecimal digits, and ".old" for a replaced folder.</summary>
    private static bool IsTempName(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        string rest = name[prefix.Length..];
        if (rest.EndsWith(".old", StringComparison.Ordinal)) rest = rest[..^4];
        int dash = rest.IndexOf('-');
        return dash > 0 && rest[..dash].All(char.IsAsciiDigit) && rest.Length - dash - 1 == 8 && rest[(dash + 1)..].All(char.IsAsciiHexDigitLower);
    }

    /// <summary>Out of space, read-only, no permission: the reasons a write fails that are not a bug. A missing file or
    /// folder is not among them (it comes from reading inputs inside a build).</summary>
    private static bool IsWriteFailure(Exception e) =>
        e is UnauthorizedAccessException || (e is IOException && e is not FileNotFoundException and not DirectoryNotFoundException and not EndOfStreamException);

    private static RemaskDataException Failed(string folder, string name, bool existed, Exception e) =>
        new(folder, $"cannot write {name} here ({e.Message.ReplaceLineEndings(" ").Trim()}); " +
            (existed ? $"the previous {name} is kept" : "nothing was written"), e);

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
