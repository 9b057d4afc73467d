using Remask.Core;

namespace Remask.Cli.Tests;

/// <summary>How the command line ends on each kind of failure (docs/reliability.md, unexpected errors): bad data 1, bad
/// usage 2, an unexpected error 3 with one line naming the file that holds the full report, never the trace itself.</summary>
public class CliAppTests
{
    private static Exception Thrown()
    {
        try
        {
            try { throw new ArgumentException("the inner cause"); }
            catch (ArgumentException inner) { throw new InvalidOperationException("something Remask did not expect", inner); }
        }
        catch (InvalidOperationException e) { return e; }
    }

    [Fact]
    public void An_unexpected_error_exits_3_with_one_line_that_names_the_full_report()
    {
        using var d = new TempDir();
        var error = new StringWriter();
        int code = CliApp.Report(Thrown(), error, e => CrashReport.Write(e, ["train", "--data", "my data"], d["reports"]));

        Assert.Equal(3, code);
        Assert.Equal(CliApp.InternalError, code);
        string line = error.ToString().TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("internal error: InvalidOperationException: something Remask did not expect; a bug in Remask, not in the data. Full report: ", line);
        Assert.DoesNotContain(" at ", line);   // no stack frame on the terminal
        string report = line[(line.IndexOf("Full report: ", StringComparison.Ordinal) + "Full report: ".Length)..];
        Assert.StartsWith(d["reports"], report);
        string text = File.ReadAllText(report);
        Assert.Contains("exit code 3", text);
        Assert.Contains("command line: remask train --data \"my data\"", text);
        Assert.Contains("System.InvalidOperationException: something Remask did not expect", text);
        Assert.Contains("System.ArgumentException: the inner cause", text);
        Assert.Contains(" at Remask.Cli.Tests.CliAppTests.Thrown()", text);
    }

    [Fact]
    public void When_no_report_can_be_written_the_one_line_says_so()
    {
        using var d = new TempDir();
        File.WriteAllText(d["a-file"], "");
        var error = new StringWriter();
        int code = CliApp.Report(Thrown(), error, e => CrashReport.Write(e, [], Path.Combine(d["a-file"], "reports")));
        Assert.Equal(CliApp.InternalError, code);
        Assert.EndsWith("The full report could not be written anywhere.", error.ToString().TrimEnd());
    }

    [Fact]
    public void Data_and_usage_errors_keep_their_codes_and_write_no_report()
    {
        var error = new StringWriter();
        Func<Exception, string?> noReport = _ => throw new InvalidOperationException("no report for these");
        Assert.Equal(CliApp.BadData, CliApp.Report(new RemaskDataException("/data/a.png", "corrupt PNG"), error, noReport));
        Assert.Equal(CliApp.BadUsage, CliApp.Report(new RemaskUsageException("--epochs must be at least 1"), error, noReport));
        Assert.Equal(CliApp.Interrupted, CliApp.Report(new OperationCanceledException(), error, noReport));
        Assert.Equal(["error: /data/a.png: corrupt PNG", "usage error: --epochs must be at least 1 (see 'remask --help')", "interrupted"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
