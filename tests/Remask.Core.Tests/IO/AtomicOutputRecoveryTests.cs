using Remask.Core.IO;

namespace Remask.Core.Tests.IO;

/// <summary>What a process killed in the middle of an <see cref="AtomicOutput"/> write leaves, and how the next run
/// repairs it (docs/reliability.md, item 2: kill -9 during training).</summary>
public class AtomicOutputRecoveryTests
{
    [Fact]
    public void A_folder_killed_between_the_swaps_renames_is_put_back_and_the_half_built_one_deleted()
    {
        using var d = new TempDir();
        AtomicOutput.WriteDirectory(d["ckpt"], overwrite: false, dir => File.WriteAllText(Path.Combine(dir, "state.json"), "epoch 3"));
        // the swap's first rename happened, the second did not: the old folder under its .old name, the new one beside it
        Directory.Move(d["ckpt"], d[".ckpt.tmp-77-0123abcd.old"]);
        Directory.CreateDirectory(d[".ckpt.tmp-77-89abcdef"]);
        File.WriteAllText(d[".ckpt.tmp-77-89abcdef/state.json"], "epo");
        File.WriteAllText(d["notes.txt"], "mine");

        Assert.True(AtomicOutput.RecoverDirectory(d["ckpt"]));
        Assert.Equal("epoch 3", File.ReadAllText(d["ckpt/state.json"]));
        Assert.Equal(["ckpt", "notes.txt"], Directory.EnumerateFileSystemEntries(d.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_in_place_stays_and_its_leftovers_are_deleted()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["ckpt"]);
        File.WriteAllText(d["ckpt/state.json"], "epoch 4");
        Directory.CreateDirectory(d[".ckpt.tmp-77-0123abcd.old"]);   // killed while the replaced folder was being deleted
        Directory.CreateDirectory(d[".ckpt.tmp-78-89abcdef"]);       // killed while the next one was being built
        Directory.CreateDirectory(d[".other.tmp-78-89abcdef"]);      // another folder's: not this call's business

        Assert.False(AtomicOutput.RecoverDirectory(d["ckpt"]));
        Assert.Equal("epoch 4", File.ReadAllText(d["ckpt/state.json"]));
        Assert.Equal([".other.tmp-78-89abcdef", "ckpt"], Directory.EnumerateFileSystemEntries(d.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_folder_or_its_old_name_nothing_is_recovered()
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d[".ckpt.tmp-78-89abcdef"]);
        Assert.False(AtomicOutput.RecoverDirectory(d["ckpt"]));
        Assert.False(Directory.Exists(d["ckpt"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(d.Path));
        Assert.False(AtomicOutput.RecoverDirectory(d["missing/ckpt"]));
    }

    [Fact]
    public void Leftover_temporary_files_and_folders_are_removed_and_names_that_only_look_alike_are_kept()
    {
        using var d = new TempDir();
        File.WriteAllText(d[".model.pt.tmp-123-0123abcd"], "half");
        Directory.CreateDirectory(d[".relabeled.tmp-9-89abcdef"]);
        Directory.CreateDirectory(d[".relabeled.tmp-9-fedcba98.old"]);
        string[] kept = [".remask.lock", ".model.pt.tmp-x-0123abcd", ".model.pt.tmp-123-0123ABCD", ".model.pt.tmp-123-0123abc", "model.pt.tmp-123-0123abcd", "model.pt"];
        foreach (string name in kept) File.WriteAllText(d[name], "keep");

        AtomicOutput.RemoveLeftovers(d.Path);
        Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(d.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Leftovers_in_subfolders_are_removed_but_not_behind_a_symbolic_link()
    {
        using var d = new TempDir();
        // a weight snapshot cut short by the kill, two levels down (RUN/cross-fit/.../snapshots/)
        Directory.CreateDirectory(d["run/fold/snapshots"]);
        File.WriteAllText(d["run/fold/snapshots/.model-3.pt.tmp-3840-9d3e564b"], "half");
        File.WriteAllText(d["run/fold/snapshots/model-2.pt"], "whole");
        Directory.CreateDirectory(d["elsewhere"]);
        File.WriteAllText(d["elsewhere/.x.tmp-1-0123abcd"], "not the run's");
        Directory.CreateSymbolicLink(d["run/link"], d["elsewhere"]);

        AtomicOutput.RemoveLeftovers(d["run"]);
        Assert.Equal(["model-2.pt"], Directory.EnumerateFileSystemEntries(d["run/fold/snapshots"]).Select(Path.GetFileName));
        Assert.True(File.Exists(d["elsewhere/.x.tmp-1-0123abcd"]));
    }
}
