namespace Remask.Cli.Tests.RealData;

/// <summary><c>train --cache</c> trains exactly as without it, and <c>remask cache clear</c> empties the cache.</summary>
public class CacheTests
{
    private static readonly string Isic = Path.Combine(AppContext.BaseDirectory, "Fixtures", "datasets", "ISIC2017");
    private static readonly string[] Tiny = ["--epochs", "2", "--size", "16", "--batch", "2", "--widths", "8,16", "--seed", "3"];

    /// <summary>metrics.csv without the timing columns.</summary>
    private static string[] Numbers(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(line =>
        {
            var cells = line.Split(',');
            return string.Join(',', cells.Take(4).Concat(cells.Skip(6)));
        }).ToArray();

    [Fact]
    public void Cached_training_gives_the_same_numbers_and_the_cache_can_be_cleared()
    {
        using var d = new TempDir();
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = d["cache"] };
        Assert.Equal(0, CliRunner.Run("corrupt", Path.Combine(Isic, "ISIC-2017_Training_Part1_GroundTruth"), "--noise", "poly3", "--out", d["noisy"]).ExitCode);

        var plain = CliRunner.RunWith(env, ["train", "--data", Isic, "--masks", d["noisy"], "--out", d["plain"], .. Tiny]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.False(Directory.Exists(d["cache/remask/preprocessed"]));

        var cached = CliRunner.RunWith(env, ["train", "--data", Isic, "--masks", d["noisy"], "--cache", "--out", d["cached"], .. Tiny]);
        Assert.True(cached.ExitCode == 0, cached.ToString());
        Assert.Equal(2, Directory.GetFiles(d["cache/remask/preprocessed"], "index.json", SearchOption.AllDirectories).Length);   // train + validation
        Assert.Equal(Numbers(d["plain"]), Numbers(d["cached"]));
        using (var run = System.Text.Json.JsonDocument.Parse(File.ReadAllText(d["cached/run.json"])))
            Assert.Equal("true", run.RootElement.GetProperty("data").GetProperty("cache").GetString());

        var resumed = CliRunner.RunWith(env, "train", "--resume", d["cached"], "--epochs", "3");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(2, Directory.GetFiles(d["cache/remask/preprocessed"], "index.json", SearchOption.AllDirectories).Length);

        var clear = CliRunner.RunWith(env, "cache", "clear");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.False(Directory.Exists(d["cache/remask/preprocessed"]));
    }
}
