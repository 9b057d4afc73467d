namespace Remask.Core.Tests.TestSupport;

/// <summary>A fact that needs symbolic links; reported as skipped where the process cannot make them (Windows without
/// developer mode).</summary>
public sealed class SymlinkFactAttribute : FactAttribute
{
    private static readonly bool CanLink = Probe();

    public SymlinkFactAttribute()
    {
        if (!CanLink) Skip = "this process cannot create symbolic links";
    }

    private static bool Probe()
    {
        string dir = Path.Combine(Path.GetTempPath(), "remask-link-probe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(dir);
            Directory.CreateSymbolicLink(Path.Combine(dir, "link"), dir);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
