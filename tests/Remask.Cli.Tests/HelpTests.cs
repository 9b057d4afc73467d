namespace Remask.Cli.Tests;

public class HelpTests
{
    /// <summary>The verbs of README.md's table. Each must be registered, and the top-level help must list exactly these
    /// (a verb added to the tool must be added here, and so to the README).</summary>
    private static readonly string[] ExpectedVerbs =
        ["synth", "info", "train", "experiment", "demo", "predict", "uncertainty", "relabel", "corrupt", "evaluate", "cache", "morph", "bench"];

    public static TheoryData<string> Verbs() => new(ExpectedVerbs);

    /// <summary>The verb names of the top-level help's COMMANDS section: the first word of each verb line (indented by
    /// four spaces; wrapped description lines are indented by many more).</summary>
    private static List<string> ListedVerbs(string help)
    {
        var verbs = new List<string>();
        bool inCommands = false;
        foreach (string line in help.Split('\n'))
        {
            if (line.StartsWith("COMMANDS:", StringComparison.Ordinal)) { inCommands = true; continue; }
            if (inCommands && line.Length > 4 && line.StartsWith("    ", StringComparison.Ordinal) && line[4] != ' ')
                verbs.Add(line.Trim().Split(' ')[0]);
        }
        return verbs;
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_verb_has_help_with_an_example(string verb)
    {
        var r = CliRunner.Run(verb, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("EXAMPLES:", r.Out);
        Assert.Contains("remask " + verb + " ", r.Out);
    }

    [Fact]
    public void The_verb_list_names_exactly_the_registered_verbs()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(ExpectedVerbs.Order(), ListedVerbs(r.Out).Order());
    }
}
