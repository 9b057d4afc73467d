namespace Remask.Core;

/// <summary>
/// Bad input data: a file that cannot be read, a dataset that does not fit together. The message is one line
/// that names the file and the problem ("PATH: PROBLEM"); the command line turns it into exit code 1. Line breaks in
/// either (a parser's message that quotes the file, a file name with a newline) become spaces, so it stays one line.
/// </summary>
public sealed class RemaskDataException : Exception
{
    /// <summary>The file or folder the problem concerns, as given.</summary>
    public string Path { get; }
    /// <summary>What is wrong with it, on one line (line breaks turned into spaces).</summary>
    public string Problem { get; }

    /// <param name="path">The file or folder the problem concerns.</param>
    /// <param name="problem">What is wrong with it; line breaks become spaces.</param>
    /// <param name="inner">The exception that revealed the problem, if any.</param>
    public RemaskDataException(string path, string problem, Exception? inner = null)
        : base($"{OneLine(path)}: {OneLine(problem)}", inner)
    {
        Path = path;
        Problem = OneLine(problem);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

/// <summary>A request that cannot be carried out as asked (bad option values); exit code 2.</summary>
public sealed class RemaskUsageException(string message) : Exception(message);
