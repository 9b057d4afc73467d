namespace Remask.Core.IO;

/// <summary>
/// Paths built from text found in data (a dataset.json entry, a sample name that becomes an output file name), checked so
/// that the text can never lead Remask outside the folder it is meant for: no absolute paths, no "..", no separators in a
/// name. The checks are on the text, not on the disk, so a folder reached through a symbolic link is fine.
/// </summary>
public static class ContainedPath
{
    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>
    /// <paramref name="relative"/> (a path inside <paramref name="root"/>, either separator) resolved against
    /// <paramref name="root"/>. An absolute path, one that climbs out of <paramref name="root"/> with "..", or one with a
    /// NUL character is a <see cref="RemaskDataException"/> naming <paramref name="source"/> and <paramref name="what"/>.
    /// </summary>
    /// <param name="root">The folder the path must stay in (the dataset folder).</param>
    /// <param name="relative">The path as the data gives it, relative to <paramref name="root"/>.</param>
    /// <param name="source">The file the text comes from (dataset.json).</param>
    /// <param name="what">Which entry it is, for the message ("training entry 3 image").</param>
    public static string Resolve(string root, string relative, string source, string what)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relative);
        string text = relative.Replace('\\', '/');
        if (relative.Contains('\0')) throw Refused(source, what, relative, "holds a NUL character");
        if (Path.IsPathRooted(text) || Path.IsPathRooted(relative))
            throw Refused(source, what, relative, "is an absolute path; entries must be relative to the dataset folder");
        string full = Path.GetFullPath(Path.Combine(root, text));
        string inside = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(inside, StringComparison.Ordinal))
            throw Refused(source, what, relative, "leaves the dataset folder");
        return full;
    }

    /// <summary>True when <paramref name="name"/> can be used as one file name as it is: not empty, not "." or "..", no
    /// separator of any platform, no NUL or other control character.</summary>
    public static bool IsPlainName(string name) =>
        !string.IsNullOrEmpty(name) && name is not ("." or "..") && name.IndexOfAny(Separators) < 0 && !name.Any(char.IsControl);

    /// <summary>
    /// <paramref name="name"/> (a sample's name, from data) when it is <see cref="IsPlainName">one plain file name</see>;
    /// otherwise a <see cref="RemaskDataException"/> naming <paramref name="source"/> (the folder the name was to be used
    /// in, or the file it came from), so that an output built from the name never lands outside its folder.
    /// </summary>
    public static string PlainName(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsPlainName(name))
            throw new RemaskDataException(source, $"sample name \"{Printable(name)}\" is not a plain file name (it is empty, \".\" or \"..\", or holds a separator or a control character); refused");
        return name;
    }

    /// <summary>FOLDER/NAME + <paramref name="extension"/>, NAME checked by <see cref="PlainName"/> (the error names the folder).</summary>
    public static string FileIn(string folder, string name, string extension)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Path.Combine(folder, PlainName(name, folder) + extension);
    }

    private static RemaskDataException Refused(string source, string what, string entry, string problem) =>
        new(source, $"{what} \"{Printable(entry)}\" {problem}; refused");

    /// <summary>The text with control characters shown as \uXXXX (so that the message stays one line), cut at 200 characters.</summary>
    private static string Printable(string text)
    {
        var shown = string.Concat(text.Take(200).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return text.Length > 200 ? shown + "..." : shown;
    }
}
