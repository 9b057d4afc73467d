namespace Remask.Cli.Tests.RealData;

/// <summary>
/// Path safety at the command line (docs/reliability.md): a dataset.json entry that leaves the task folder stops the
/// verb with exit code 1 and one line naming dataset.json and the entry; a task reached through symbolic links (the task
/// folder itself, and its imagesTr kept elsewhere) reads as the task does.
/// </summary>
public class DecathlonPathSafetyTests
{
    private static readonly string Task03 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "Task03_Liver");

    private static void Copy(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Theory]
    [InlineData("../outside.nii.gz", "leaves the dataset folder")]
    [InlineData("OUTSIDE", "is an absolute path")]
    public void A_dataset_json_entry_outside_the_task_is_refused_with_one_line(string entry, string problem)
    {
        using var d = new TempDir();
        Copy(Task03, d["task"]);
        File.Copy(Path.Combine(Task03, "imagesTr", "liver_0.nii.gz"), d["outside.nii.gz"]);
        entry = entry.Replace("OUTSIDE", d["outside.nii.gz"]);
        File.WriteAllText(d["task/dataset.json"], $$"""{"training": [{"image": "{{entry}}", "label": "./labelsTr/liver_0.nii.gz"}], "test": []}""");
        var r = CliRunner.RunWith(new Dictionary<string, string> { ["XDG_CACHE_HOME"] = d["cache"] }, "info", d["task"]);
        Assert.True(r.ExitCode == 1, r.ToString());
        string line = r.Err.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"error: {d["task/dataset.json"]}: training entry 1 image \"{entry}\" {problem}", line);
        Assert.EndsWith("; refused", line);
    }

    [LinuxFact]
    public void A_task_reached_through_symbolic_links_reads_as_the_task_itself()
    {
        using var d = new TempDir();
        Copy(Task03, d["real"]);
        Directory.Move(d["real/imagesTr"], d["images-elsewhere"]);
        Directory.CreateSymbolicLink(d["real/imagesTr"], d["images-elsewhere"]);
        Directory.CreateSymbolicLink(d["linked"], d["real"]);
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = d["cache"] };
        var direct = CliRunner.RunWith(env, "info", Task03, "--json");
        var linked = CliRunner.RunWith(env, "info", d["linked"], "--json");
        Assert.True(linked.ExitCode == 0, linked.ToString());
        Assert.Equal(direct.Out.Replace(Task03, "TASK"), linked.Out.Replace(d["linked"], "TASK"));
    }
}
