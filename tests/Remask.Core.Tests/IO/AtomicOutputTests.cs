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
}
