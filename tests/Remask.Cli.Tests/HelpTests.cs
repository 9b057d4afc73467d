namespace Remask.Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData("synth")]
    [InlineData("info")]
    [InlineData("corrupt")]
    [InlineData("evaluate")]
    [InlineData("morph")]
    [InlineData("train")]
    [InlineData("predict")]
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
        foreach (string verb in new[] { "synth", "info", "corrupt", "evaluate", "morph", "train", "predict" })
            Assert.Contains(verb, r.Out);
    }
}
