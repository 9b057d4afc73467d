using Remask.Core.IO;

namespace Remask.Core.Tests.IO;

public class AtomicOutputTests
{
    [Fact]
    public void A_failed_file_write_leaves_neither_the_file_nor_a_temporary_behind()
    {
        using var d = new TempDir();
        string path = d["out.bin"];
        Assert.Throws<InvalidOperationException>(() => AtomicOutput.WriteFile(path, s => { s.WriteByte(1); throw new InvalidOperationException("boom"); }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(d.Path));
    }

    [Fact]
    public void A_failed_file_write_keeps_the_previous_file()
    {
        using var d = new TempDir();
        string path = d["out.txt"];
        AtomicOutput.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicOutput.WriteFile(path, _ => throw new InvalidOperationException()));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(d.Path));
    }

    [Fact]
    public void A_folder_appears_only_when_complete()
    {
        using var d = new TempDir();
        string outDir = d["set"];
        Assert.Throws<InvalidOperationException>(() => AtomicOutput.WriteDirectory(outDir, false, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, "a.txt"), "a");
            Assert.False(Directory.Exists(outDir));
            throw new InvalidOperationException("interrupted");
        }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(d.Path));

        AtomicOutput.WriteDirectory(outDir, false, tmp => File.WriteAllText(Path.Combine(tmp, "a.txt"), "a"));
        Assert.Equal("a", File.ReadAllText(Path.Combine(outDir, "a.txt")));
    }

    [Fact]
    public void An_existing_non_empty_folder_is_refused_unless_overwrite()
    {
        using var d = new TempDir();
        string outDir = d["set"];
        AtomicOutput.WriteDirectory(outDir, false, tmp => File.WriteAllText(Path.Combine(tmp, "old.txt"), "old"));
        var e = Assert.Throws<RemaskDataException>(() => AtomicOutput.WriteDirectory(outDir, false, _ => { }));
        Assert.Contains("--overwrite", e.Message);
        Assert.True(File.Exists(Path.Combine(outDir, "old.txt")));

        AtomicOutput.WriteDirectory(outDir, true, tmp => File.WriteAllText(Path.Combine(tmp, "new.txt"), "new"));
        Assert.False(File.Exists(Path.Combine(outDir, "old.txt")));
        Assert.True(File.Exists(Path.Combine(outDir, "new.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(d.Path));
    }

    /// <summary>A full disk or a read-only folder, as the operating system reports it: an IOException while writing.</summary>
    private static void NoSpace(Stream s)
    {
        s.Write(new byte[100]);
        throw new IOException("No space left on device");
    }

    [Fact]
    public void A_file_that_cannot_be_written_is_one_line_naming_the_folder_and_the_previous_file_is_kept()
    {
        using var d = new TempDir();
        string path = d["metrics.csv"];
        AtomicOutput.WriteAllText(path, "old");
        var e = Assert.Throws<RemaskDataException>(() => AtomicOutput.WriteFile(path, NoSpace));
        Assert.Equal(d.Path, e.Path);
        Assert.Equal("cannot write metrics.csv here (No space left on device); the previous metrics.csv is kept", e.Problem);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(d.Path));

        var fresh = Assert.Throws<RemaskDataException>(() => AtomicOutput.WriteFile(d["model.pt"], NoSpace));
        Assert.EndsWith("; nothing was written", fresh.Problem);
        Assert.Single(Directory.EnumerateFileSystemEntries(d.Path));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_is_one_line_naming_its_parent_and_the_previous_folder_is_kept()
    {
        using var d = new TempDir();
        string outDir = d["checkpoint"];
        AtomicOutput.WriteDirectory(outDir, false, tmp => File.WriteAllText(Path.Combine(tmp, "state.json"), "old"));
        var e = Assert.Throws<RemaskDataException>(() => AtomicOutput.WriteDirectory(outDir, true, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, "model.pt"), "partial");
            throw new UnauthorizedAccessException("Access to the path is denied.");
        }));
        Assert.Equal(d.Path, e.Path);
        Assert.Contains("cannot write checkpoint here (Access to the path is denied.); the previous checkpoint is kept", e.Message);
        Assert.Equal(["state.json"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(Path.Combine(outDir, "state.json")));
        Assert.Single(Directory.EnumerateFileSystemEntries(d.Path));
    }

    [Fact]
    public void Reading_failures_inside_a_build_stay_what_they_are()
    {
        using var d = new TempDir();
        Assert.Throws<FileNotFoundException>(() => AtomicOutput.WriteDirectory(d["set"], false, _ => File.ReadAllText(d["missing-input.png"])));
        Assert.Empty(Directory.EnumerateFileSystemEntries(d.Path));
    }
}
