using Remask.Core;

namespace Remask.Torch.Training;

/// <summary>
/// One run at a time in a run folder: RUN/.remask.lock is held open with <see cref="FileShare.None"/> (an operating
/// system lock: flock on Linux and macOS, a sharing lock on Windows) for as long as the run writes there, so a second
/// <c>remask train --out RUN</c> or <c>--resume RUN</c>, in another process, is refused instead of writing into the same
/// checkpoint. The system releases the lock whenever the process ends, also on kill -9; the (empty) lock file stays in
/// the folder and is taken again by the next run. Within one process the lock is re-entrant (a command that prepares the folder holds it
/// while the <see cref="Trainer"/> it starts takes it again).
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name in the run folder: <c>.remask.lock</c>.</summary>
    public const string FileName = ".remask.lock";

    /// <summary>A lock held elsewhere: on Unix .NET's HResult is flock's errno, EWOULDBLOCK (11 on Linux, 35 on macOS);
    /// on Windows, ERROR_SHARING_VIOLATION as an HRESULT (0x80070020).</summary>
    private static bool IsSharingViolation(IOException e) =>
        OperatingSystem.IsWindows() ? e.HResult == unchecked((int)0x80070020) : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    private static readonly Dictionary<string, (FileStream Stream, int Count)> Held = new(StringComparer.Ordinal);
    private string? _path;

    private RunLock(string path) => _path = path;

    /// <summary>Takes the lock of <paramref name="runDirectory"/> (creating the folder if needed), or throws a
    /// <see cref="RemaskDataException"/> naming the folder when another process holds it.</summary>
    public static RunLock Acquire(string runDirectory)
    {
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory));
        if (File.Exists(folder)) throw new RemaskDataException(runDirectory, "is a file, not a run folder");
        string path = Path.Combine(folder, FileName);
        lock (Held)
        {
            if (Held.TryGetValue(path, out var held))
            {
                Held[path] = (held.Stream, held.Count + 1);
                return new RunLock(path);
            }
            FileStream stream;
            try
            {
                Directory.CreateDirectory(folder);
                // the file stays after the run (deleting it on close would let a process that opened it just before the
                // deletion lock a file no one else can see)
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException e) when (IsSharingViolation(e))
            {
                throw new RemaskDataException(runDirectory, $"another remask is running in this folder (it holds {FileName}); wait for it to finish", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RemaskDataException(runDirectory, $"cannot write in this folder ({e.Message})", e);
            }
            Held[path] = (stream, 1);
            return new RunLock(path);
        }
    }

    /// <summary>True for the lock file's name, which a run folder may hold besides the run's own files.</summary>
    public static bool IsLockFile(string path) => Path.GetFileName(path) == FileName;

    /// <summary>
    /// Releases this hold of the lock; the file is closed, and the lock released, with the process's last hold.
    /// </summary>
    public void Dispose()
    {
        if (_path is null) return;
        lock (Held)
        {
            var (stream, count) = Held[_path];
            if (count > 1) Held[_path] = (stream, count - 1);
            else
            {
                Held.Remove(_path);
                stream.Dispose();
            }
        }
        _path = null;
    }
}
