namespace Remask.Cli.Tests;

public class HelpTests
{
    /// <summary>Every verb the top-level help lists (so a new verb cannot be left out of this test).</summary>
    public static TheoryData<string> Verbs()
    {
        var r = CliRunner.Run("--help");
        var data = new TheoryData<string>();
        bool inCommands = false;
        foreach (string line in r.Out.Split('\n'))
        {
            if (line.StartsWith("COMMANDS:", StringComparison.Ordinal)) { inCommands = true; continue; }
            // A verb line is indented by four spaces; wrapped description lines by many more.
            if (inCommands && line.Length > 4 && line.StartsWith("    ", StringComparison.Ordinal) && line[4] != ' ')
                data.Add(line.Trim().Split(' ')[0]);
        }
        return data;
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
    public void The_verb_list_names_every_verb()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (string verb in new[] { "synth", "info", "corrupt", "evaluate", "morph", "train", "experiment", "demo", "predict", "uncertainty", "relabel", "cache" })
            Assert.Contains(verb, r.Out);
    }
}
