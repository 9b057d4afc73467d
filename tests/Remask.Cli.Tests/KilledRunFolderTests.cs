using Remask.KillTesting;

namespace Remask.Cli.Tests;

/// <summary>The run folders that a kill -9 leaves at its narrow moments, built by hand from an uninterrupted run, then
/// resumed with <c>remask train --resume</c>: the weights (byte for byte) and the files must be the uninterrupted run's.
/// The random kills of <see cref="KillResumeTests"/> and bench/KillBench land in these windows rarely or never. Every
/// remask here runs as the harness runs it, with one libtorch thread (<see cref="RemaskProcess"/>): a resume under
/// another thread count than its reference gives other weights in the last bits.</summary>
public class KilledRunFolderTests(KilledRunFolderTests.References references) : IClassFixture<KilledRunFolderTests.References>
{
    /// <summary>The tiny data and an uninterrupted run of 3 epochs per method, trained once for the class.</summary>
    public sealed class References : IDisposable
    {
        public TempDir Dir { get; } = new();
        public string Remask { get; } = Path.Combine(AppContext.BaseDirectory, "remask.dll");
        public string Data { get; }

        public References()
        {
            Data = KillSetup.Synthesize(Remask, Dir.Path);
            foreach (string method in (string[])["none", "relabel"]) Harness(method).TrainReference();
        }

        /// <summary>The harness whose reference is METHOD/reference; its <see cref="KillHarness.Compare"/> judges a resumed folder.</summary>
        public KillHarness Harness(string method) => new(Remask, Dir[method], KillSetup.TrainArguments(Data, method, epochs: 3));

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void A_run_killed_before_its_first_checkpoint_resumes_by_starting_again()
    {
        var h = references.Harness("none");
        string run = Fresh(h, "only-run-json");
        File.Copy(Path.Combine(h.ReferenceFolder, "run.json"), Path.Combine(run, "run.json"));
        ResumeAndCompare(h, run);
    }

    [Fact]
    public void A_run_killed_between_the_checkpoint_swaps_renames_resumes_from_the_checkpoint_left_under_its_old_name()
    {
        var h = references.Harness("none");
        string run = Path.Combine(Path.GetDirectoryName(h.ReferenceFolder)!, "swap");
        var first = Remask(["train", "--out", run, .. KillSetup.TrainArguments(references.Data, "none", epochs: 2)]);
        Assert.True(first.ExitCode == 0, first.Err);
        // what AtomicOutput.WriteDirectory leaves when killed between its two renames: the previous checkpoint under its
        // .old name, the new one complete under its temporary name; and a file write cut short
        Directory.Move(Path.Combine(run, "checkpoint"), Path.Combine(run, ".checkpoint.tmp-4242-0123abcd.old"));
        Directory.CreateDirectory(Path.Combine(run, ".checkpoint.tmp-4242-89abcdef"));
        File.WriteAllBytes(Path.Combine(run, ".checkpoint.tmp-4242-89abcdef", "model.pt"), [0x50, 0x4b]);
        File.WriteAllText(Path.Combine(run, ".metrics.csv.tmp-4242-deadbeef"), "epo");
        var resumed = ResumeAndCompare(h, run, "--epochs", "3");
        Assert.DoesNotContain("epoch 1/3", resumed.Err);   // resumed from the checkpoint, not started again
        Assert.Contains("epoch 3/3", resumed.Err);
    }

    [Fact]
    public void A_cross_fitted_run_killed_while_a_fold_model_trains_resumes()
    {
        var h = references.Harness("relabel");
        string run = Fresh(h, "in-fold-2");
        File.Copy(Path.Combine(h.ReferenceFolder, "run.json"), Path.Combine(run, "run.json"));
        CopyFolder(Path.Combine(h.ReferenceFolder, "cross-fit/round-1/fold-1"), Path.Combine(run, "cross-fit/round-1/fold-1"));
        Directory.CreateDirectory(Path.Combine(run, "cross-fit/round-1/fold-2"));   // killed before its first checkpoint
        // and a weight snapshot of fold 1 cut short by an earlier kill (found by bench/KillBench)
        File.WriteAllBytes(Path.Combine(run, "cross-fit/round-1/fold-1/snapshots/.model-3.pt.tmp-4242-0123abcd"), [0x50, 0x4b]);
        ResumeAndCompare(h, run);
    }

    [Fact]
    public void A_cross_fitted_run_killed_during_a_relabel_pass_does_the_passes_again()
    {
        var h = references.Harness("relabel");
        string run = Fresh(h, "in-relabel");
        File.Copy(Path.Combine(h.ReferenceFolder, "run.json"), Path.Combine(run, "run.json"));
        foreach (string fold in (string[])["fold-1", "fold-2"])
            CopyFolder(Path.Combine(h.ReferenceFolder, "cross-fit/round-1", fold), Path.Combine(run, "cross-fit/round-1", fold));
        // fold 2's pass was writing its masks: its folder is missing and a half-written temporary one is there
        string fold2 = Path.Combine(run, "cross-fit/round-1/fold-2");
        string written = Directory.GetFiles(Path.Combine(fold2, "relabeled"), "*.png")[0];
        string partial = Path.Combine(fold2, ".relabeled.tmp-4242-0123abcd");
        Directory.CreateDirectory(partial);
        File.WriteAllBytes(Path.Combine(partial, Path.GetFileName(written)), File.ReadAllBytes(written)[..20]);
        Directory.Delete(Path.Combine(fold2, "relabeled"), recursive: true);
        ResumeAndCompare(h, run);
    }

    [Fact]
    public void A_cross_fitted_run_killed_between_its_round_file_and_its_table_writes_the_table()
    {
        var h = references.Harness("relabel");
        string run = Fresh(h, "before-table");
        CopyFolder(h.ReferenceFolder, run);
        // the round is finished (round.json); the table and everything of the final model are not written yet
        foreach (string file in (string[])["cross-fit.csv", "model.pt", "model.json", "metrics.csv", "metrics.json"]) File.Delete(Path.Combine(run, file));
        Directory.Delete(Path.Combine(run, "checkpoint"), recursive: true);
        ResumeAndCompare(h, run);
        Assert.Equal(File.ReadAllText(Path.Combine(h.ReferenceFolder, "cross-fit.csv")), File.ReadAllText(Path.Combine(run, "cross-fit.csv")));
    }

    [Fact]
    public void An_ensemble_member_killed_before_its_first_checkpoint_is_trained_again_by_the_same_command()
    {
        // RGB images: on one-channel images a second call refuses every member (docs/reliability.md, What is left)
        using var d = TrainPredictCommandTests.Dataset();
        string root = d["ensemble"];
        string[] Train(string folder) => ["train", "--data", d["data"], "--out", Path.Combine(root, folder), "--ensemble", "2", .. TrainPredictCommandTests.Tiny];
        var whole = Remask(Train("whole"));
        Assert.True(whole.ExitCode == 0, whole.Err);
        CopyFolder(Path.Combine(root, "whole/member-00"), Path.Combine(root, "killed/member-00"));
        Directory.CreateDirectory(Path.Combine(root, "killed/member-01"));
        File.Copy(Path.Combine(root, "whole/member-01/run.json"), Path.Combine(root, "killed/member-01/run.json"));

        var again = Remask(Train("killed"));
        Assert.True(again.ExitCode == 0, again.Err);
        Assert.Null(WeightFiles.Difference(Path.Combine(root, "whole/member-01/model.pt"), Path.Combine(root, "killed/member-01/model.pt")));
    }

    private static string Fresh(KillHarness h, string name)
    {
        string run = Path.Combine(Path.GetDirectoryName(h.ReferenceFolder)!, name);
        Directory.CreateDirectory(run);
        return run;
    }

    private (int ExitCode, string Err) ResumeAndCompare(KillHarness h, string run, params string[] extra)
    {
        var r = Remask(["train", "--resume", run, .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Null(h.Compare(run));
        return r;
    }

    /// <summary>Runs remask as the harness does (one libtorch thread, as the references were trained).</summary>
    private (int ExitCode, string Err) Remask(string[] args)
    {
        var (code, err, _) = RemaskProcess.Run(references.Remask, args, TimeSpan.FromMinutes(5));
        return (code, err);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
