using Remask.Cli.Commands;
using Remask.Core;

namespace Remask.Cli.Tests.MaskVerbs;

public class MaskFolderTests
{
    [Fact]
    public void Png_names_are_kept_and_other_formats_become_png()
    {
        Assert.Equal(["a.png", "b.png", "c.PNG"], MaskFolder.OutputNames(["/x/a.png", "/x/b.jpg", "/x/c.PNG"]));
    }

    [Fact]
    public void Two_inputs_landing_on_one_output_name_are_an_error_naming_the_file()
    {
        var e = Assert.Throws<RemaskDataException>(() => MaskFolder.OutputNames(["/x/a.png", "/x/a.jpg"]));
        Assert.Equal("/x/a.jpg", e.Path);
    }

    [Fact]
    public void The_output_must_be_given_and_must_not_hold_the_input()
    {
        Assert.Throws<RemaskUsageException>(() => MaskFolder.CheckOutput(null, "/tmp/in", false));
        Assert.Throws<RemaskUsageException>(() => MaskFolder.CheckOutput("/tmp/in/", "/tmp/in", true));
        Assert.Throws<RemaskUsageException>(() => MaskFolder.CheckOutput("/tmp", "/tmp/in", true));
    }
}
