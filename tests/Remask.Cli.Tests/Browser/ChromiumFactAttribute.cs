namespace Remask.Cli.Tests.Browser;

/// <summary>
/// A fact that needs a Chromium to drive: Debian's <c>chromium</c> package at <see cref="Executable"/> (.ci/run installs
/// it), or the browser named by REMASK_CHROMIUM. Where there is none the fact is reported as skipped with the reason,
/// never passed. Playwright's own browser download is not used (its servers are not reachable from CI).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser the test launches: REMASK_CHROMIUM if set, else Debian's /usr/bin/chromium.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("REMASK_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable)) Skip = $"needs Chromium at {Executable} (apt-get install -y chromium, or set REMASK_CHROMIUM)";
    }
}
