using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Remask.Core.Datasets.Preprocessed;

namespace Remask.Cli;

/// <summary>
/// What an unexpected error (exit code <see cref="CliApp.InternalError"/>) leaves behind: a text file with the full
/// exception (type, message, stack trace, inner exceptions), the command line, Remask's version and the runtime, written to
/// <c>$XDG_CACHE_HOME/remask/crash-reports/</c> (the temporary folder if that cannot be written), so that the terminal
/// shows one line with the file's path instead of a stack trace.
/// </summary>
internal static class CrashReport
{
    public static string Folder() => Path.Combine(CacheFolders.Root(), "crash-reports");

    /// <summary>Writes the report into the first of <paramref name="folders"/> that can be written; returns its path, or
    /// null when none can.</summary>
    public static string? Write(Exception e, IReadOnlyList<string> args, params string[] folders)
    {
        string name = $"remask-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.txt";
        string text = Text(e, args);
        foreach (string folder in folders)
        {
            try
            {
                Directory.CreateDirectory(folder);
                string path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { }
        }
        return null;
    }

    private static string Text(Exception e, IReadOnlyList<string> args)
    {
        string version = typeof(CrashReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return $"""
            Remask {version} crashed with an unexpected error (exit code {CliApp.InternalError}).
            time (UTC): {DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)}
            command line: remask {string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}
            runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}

            {e}

            """;
    }
}
