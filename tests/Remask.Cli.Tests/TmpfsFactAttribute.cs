using System.Diagnostics;

namespace Remask.Cli.Tests;

/// <summary>A fact that needs a small disk of its own (a tmpfs that the test mounts, fills and remounts read-only): it runs
/// where this process may mount (Linux, as root) and is reported as skipped elsewhere.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly bool CanMount = OperatingSystem.IsLinux() && Probe();

    public TmpfsFactAttribute()
    {
        if (!CanMount) Skip = "needs to mount a tmpfs (Linux, as root)";
    }

    private static bool Probe()
    {
        string dir = Path.Combine(Path.GetTempPath(), "remask-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            if (Tmpfs.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir) != 0) return false;
            Tmpfs.Run("umount", dir);
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;   // no mount command
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}

/// <summary>A tmpfs of a given size mounted on a folder for one test, unmounted when disposed.</summary>
public sealed class Tmpfs : IDisposable
{
    public string Path { get; }

    public Tmpfs(string path, string size)
    {
        Path = path;
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path) != 0) throw new InvalidOperationException($"cannot mount a tmpfs on {path}");
    }

    /// <summary>Remounts read-only (<paramref name="readOnly"/>) or read-write.</summary>
    public void Remount(bool readOnly)
    {
        if (Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path) != 0) throw new InvalidOperationException($"cannot remount {Path}");
    }

    public void Dispose() => Run("umount", Path);

    internal static int Run(string command, params string[] args)
    {
        var psi = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
