using Remask.Core.Imaging;

namespace Remask.Cli.Tests.MaskVerbs;

public class MorphCommandTests
{
    [Fact]
    public void Fill_holes_turns_a_ring_into_a_disc()
    {
        using var s = new TempDir();
        var disc = MaskFiles.Disc(30, 30, 15, 15, 10);
        var ring = Mask.FromFunction(30, 30, (x, y) => disc[x, y] && (x - 15) * (x - 15) + (y - 15) * (y - 15) > 16);
        MaskFiles.Write(s["in/ring.png"], ring);
        var r = CliRunner.Run("morph", "fill-holes", s["in"], "--out", s["out"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(disc, MaskFiles.Read(s["out/ring.png"]));
        Assert.Contains("changed 1 masks", r.Out);
    }

    [Fact]
    public void Largest_component_open_and_close()
    {
        using var s = new TempDir();
        var big = MaskFiles.Disc(40, 30, 12, 15, 8);
        var two = Mask.FromFunction(40, 30, (x, y) => big[x, y] || (x >= 32 && x < 35 && y >= 3 && y < 6));
        MaskFiles.Write(s["in/two.png"], two);
        Assert.Equal(0, CliRunner.Run("morph", "largest-component", s["in"], "--out", s["largest"]).ExitCode);
        Assert.Equal(big, MaskFiles.Read(s["largest/two.png"]));
        // Opening with radius 2 removes the 3x3 square (no disk of radius 2 fits in it) and keeps most of the disc.
        Assert.Equal(0, CliRunner.Run("morph", "open", s["in"], "--radius", "2", "--out", s["opened"]).ExitCode);
        var opened = MaskFiles.Read(s["opened/two.png"]);
        Assert.False(opened[33, 4]);
        Assert.True(opened[12, 15]);
        Assert.Equal(0, CliRunner.Run("morph", "close", s["in"], "--out", s["closed"]).ExitCode);
        var closed = MaskFiles.Read(s["closed/two.png"]);
        for (int i = 0; i < two.Length; i++) Assert.True(closed.Pixels[i] >= two.Pixels[i]);
    }

    [Theory]
    [InlineData("fill-holes", "--radius", "2")]
    [InlineData("open", "--radius", "0")]
    [InlineData("smooth")]
    public void Bad_operations_and_radii_are_usage_errors(params string[] args)
    {
        using var s = new TempDir();
        MaskFiles.Write(s["in/a.png"], Mask.Full(4, 4));
        var r = CliRunner.Run(["morph", args[0], s["in"], .. args[1..], "--out", s["out"]]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.False(Directory.Exists(s["out"]));
    }
}
