using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests;

public class InfoCommandTests
{
    private static void Pair(TempDir d, string split, string name, int w, int h, int maskW = -1, int maskH = -1)
    {
        string prefix = split.Length == 0 ? "" : split + "/";
        Directory.CreateDirectory(d[prefix + "images"]);
        Directory.CreateDirectory(d[prefix + "masks"]);
        PngWriter.Write(d[$"{prefix}images/{name}.png"], new Raster(w, h, 3, 8, new ushort[w * h * 3]));
        if (maskW != 0)
        {
            int mw = maskW < 0 ? w : maskW, mh = maskH < 0 ? h : maskH;
            var m = new ushort[mw * mh];
            for (int i = 0; i < m.Length / 4; i++) m[i] = 255;
            PngWriter.Write(d[$"{prefix}masks/{name}.png"], new Raster(mw, mh, 1, 8, m));
        }
    }

    [Fact]
    public void Json_summary_of_a_clean_dataset_exits_zero()
    {
        using var d = new TempDir();
        Pair(d, "train", "a", 8, 8);
        Pair(d, "train", "b", 8, 8);
        Pair(d, "test", "c", 8, 8);
        var r = CliRunner.Run("info", d.Path, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("Pairs", doc.RootElement.GetProperty("layout").GetString());
        var splits = doc.RootElement.GetProperty("splits");
        Assert.Equal("train", splits[0].GetProperty("name").GetString());
        Assert.Equal(2, splits[0].GetProperty("images").GetInt32());
        Assert.Equal(2, splits[0].GetProperty("sizes").GetProperty("8x8").GetInt32());
        Assert.Equal(2, splits[0].GetProperty("channels").GetProperty("3").GetInt32());
        Assert.Equal(0.25, splits[0].GetProperty("meanForegroundShare").GetDouble(), 9);
        Assert.Equal(0, doc.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public void Every_problem_is_listed_and_the_exit_code_is_one()
    {
        using var d = new TempDir();
        Pair(d, "", "ok", 8, 8);
        Pair(d, "", "nomask", 8, 8, maskW: 0);
        Pair(d, "", "bigmask", 8, 8, maskW: 10, maskH: 8);
        File.WriteAllText(d["images/broken.png"], "not a png");
        PngWriter.Write(d["masks/broken.png"], new Raster(8, 8, 1, 8, new ushort[64]));
        PngWriter.Write(d["masks/orphan.png"], new Raster(8, 8, 1, 8, new ushort[64]));
        var r = CliRunner.Run("info", d.Path);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("image without a mask", r.Out);
        Assert.Contains("mask without an image", r.Out);
        Assert.Contains("bigmask.png: mask is 10x8 but its image bigmask.png is 8x8", r.Out);
        Assert.Contains(Path.Combine("images", "broken.png") + ":", r.Out);
        Assert.Contains("4 problem(s)", r.Out);
    }

    [Theory]
    [InlineData("missing", "no such folder")]
    [InlineData("empty", "empty folder")]
    [InlineData("odd", "unknown dataset layout")]
    public void Unusable_folders_are_one_line_errors_with_exit_code_one(string which, string message)
    {
        using var d = new TempDir();
        Directory.CreateDirectory(d["empty"]);
        Directory.CreateDirectory(d["odd"]);
        File.WriteAllText(d["odd/notes.txt"], "x");
        var r = CliRunner.Run("info", d[which]);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains(d[which], line);
        Assert.Contains(message, line);
    }

    [Fact]
    public void Bad_usage_exits_with_two()
    {
        using var d = new TempDir();
        Assert.Equal(2, CliRunner.Run("info").ExitCode);
        Assert.Equal(2, CliRunner.Run("info", d.Path, "--no-such-option").ExitCode);
        Assert.Equal(2, CliRunner.Run("info", d.Path, "--foreground", "x").ExitCode);
        Assert.Equal(2, CliRunner.Run("no-such-verb").ExitCode);
    }

    [Fact]
    public void Help_shows_an_example()
    {
        var r = CliRunner.Run("info", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("remask info", r.Out);
    }
}

/// <summary><c>remask info</c> on folders written by other tools: nibabel (Decathlon) and PIL (ISIC 2017).</summary>
public class InfoOnForeignDatasetsTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets");

    [Fact]
    public void Decathlon_task_written_by_nibabel()
    {
        using var cache = new TempDir();
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache.Path };
        var r = CliRunner.RunWith(env, "info", Path.Combine(Fixtures, "Task03_Liver"), "--json", "--empty-slices", "0");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("Decathlon", doc.RootElement.GetProperty("layout").GetString());
        var train = doc.RootElement.GetProperty("splits")[0];
        Assert.Equal("train", train.GetProperty("name").GetString());
        Assert.Equal(4, train.GetProperty("images").GetInt32());               // liver slices 1-3 of liver_0, 2 of liver_1
        Assert.Equal(4, train.GetProperty("sizes").GetProperty("12x10").GetInt32());
        Assert.Equal(4, train.GetProperty("channels").GetProperty("1").GetInt32());
        Assert.Equal(25.0 / 120, train.GetProperty("meanForegroundShare").GetDouble(), 9);
        var test = doc.RootElement.GetProperty("splits")[1];
        Assert.Equal(4, test.GetProperty("images").GetInt32());
        Assert.Equal(0, test.GetProperty("withMask").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("problems").GetArrayLength());
        // The slice index went to the cache named by XDG_CACHE_HOME.
        Assert.Equal(2, Directory.GetFiles(cache.Path, "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Isic_2017_written_by_pil()
    {
        var r = CliRunner.Run("info", Path.Combine(Fixtures, "ISIC2017"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("ISIC 2017", r.Out);
        Assert.Contains("40x30: 1, 48x30: 1", r.Out);
        Assert.Contains("No problems found.", r.Out);
    }
}
