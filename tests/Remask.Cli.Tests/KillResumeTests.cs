using Remask.KillTesting;

namespace Remask.Cli.Tests;

/// <summary>
/// kill -9 at random moments of <c>remask train</c> (docs/reliability.md, item 2), with the harness that bench/KillBench
/// runs 20 times per method: every kill leaves each checkpoint absent or complete and readable, and <c>--resume</c>
/// finishes with the weights of an uninterrupted run, byte for byte, and the same files.
/// </summary>
public class KillResumeTests
{
    [LinuxFact]
    public void A_plain_run_killed_at_random_moments_resumes_to_the_uninterrupted_weights() => KillAndResume("none", kills: 3);

    [LinuxFact]
    public void A_cross_fitted_relabel_run_killed_at_random_moments_resumes_to_the_uninterrupted_weights() => KillAndResume("relabel", kills: 2);

    private static void KillAndResume(string method, int kills)
    {
        using var d = new TempDir();
        string remask = Path.Combine(AppContext.BaseDirectory, "remask.dll");
        string data = KillSetup.Synthesize(remask, d.Path);
        var harness = new KillHarness(remask, d[method], KillSetup.TrainArguments(data, method, epochs: 4));
        harness.TrainReference();
        var runs = harness.Runs(kills, seed: 12);
        string report = string.Join("\n", runs.Select(r => $"run {r.Index}: {r.Problem ?? "identical"}; killed at " + string.Join(" | ", r.Kills)));
        Assert.True(runs.Sum(r => r.Kills.Count) >= kills, report);
        Assert.True(runs.All(r => r.Passed), report);
    }
}
