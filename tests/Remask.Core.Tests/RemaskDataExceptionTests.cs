namespace Remask.Core.Tests;

/// <summary>The one error model's promise: one line. A parser's message that quotes the broken file (System.Text.Json
/// does, with its line breaks: found by the reader fuzzer on model.json) or a file name with a newline stays one line.</summary>
public class RemaskDataExceptionTests
{
    [Fact]
    public void The_message_is_one_line_whatever_the_problem_and_path_hold()
    {
        var e = new RemaskDataException("/data/odd\nname.png", "not valid JSON ('t   32\n   ],\r\n   \"size\"' is an invalid literal)");
        Assert.Equal("/data/odd name.png: not valid JSON ('t   32    ],    \"size\"' is an invalid literal)", e.Message);
        Assert.Equal("/data/odd\nname.png", e.Path);
        Assert.DoesNotContain('\n', e.Problem);
    }
}
