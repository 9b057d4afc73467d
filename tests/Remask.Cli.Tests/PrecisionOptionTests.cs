using System.Text.Json;
using static Remask.Cli.Tests.TrainPredictCommandTests;

namespace Remask.Cli.Tests;

/// <summary><c>--precision auto|fp32|bf16</c> of predict, uncertainty and relabel --model (tiny data and a narrow network).</summary>
public class PrecisionOptionTests
{
    [Fact]
    public void A_value_that_is_not_a_precision_is_a_one_line_usage_error_before_anything_runs()
    {
        using var d = new TempDir();
        void Fails(string message, params string[] args)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Contains(message, r.Err);
            Assert.Single(r.Err.Trim().Split('\n'));
            Assert.False(Directory.Exists(d["out"]), "output folder written after a failure");
        }
        Fails("--precision: expected one of auto, fp32, bf16, got 'bogus'", "predict", "--model", d["run"], "--data", d["data"], "--out", d["out"], "--precision", "bogus");
        Fails("--precision: expected one of auto, fp32, bf16, got 'fp16'", "uncertainty", "--model", d["run"], "--data", d["data"], "--method", "mcdo", "--out", d["out"], "--precision", "fp16");
        Fails("--precision: expected one of auto, fp32, bf16, got 'BF16'", "relabel", "--model", d["run"], "--data", d["data"], "--out", d["out"], "--precision", "BF16");
        Fails("--precision applies to --model", "relabel", "--probs", d["probs"], "--masks", d["masks"], "--out", d["out"], "--precision", "bf16");
    }

    [Fact]
    public void Predict_and_uncertainty_run_in_bf16_and_say_so()
    {
        using var d = Dataset();
        Assert.Equal(0, CliRunner.Run(["train", "--data", d["data"], "--out", d["run"], .. Tiny]).ExitCode);
        var r = CliRunner.Run("predict", "--model", d["run"], "--data", d["data/test/images"], "--out", d["pred"], "--precision", "bf16");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("precision: bf16 (requested)", r.Out);
        Assert.True(File.Exists(d["pred/masks/s0.png"]));
        Assert.True(File.Exists(d["pred/probabilities/s1.png"]));

        var fp32 = CliRunner.Run("predict", "--model", d["run"], "--data", d["data/test/images"], "--out", d["pred32"], "--precision", "fp32");
        Assert.Contains("precision: fp32 (requested)", fp32.Out);
        var auto = CliRunner.Run("predict", "--model", d["run"], "--data", d["data/test/images"], "--out", d["auto"]);
        Assert.Matches(@"precision: (fp32|bf16) \(auto: ", auto.Out);                  // the default, chosen from the CPU's flags

        var u = CliRunner.Run("uncertainty", "--model", d["run"], "--data", d["data"], "--split", "train", "--method", "mcdo", "--samples", "2",
            "--out", d["unc"], "--precision", "bf16");
        Assert.True(u.ExitCode == 0, u.ToString());
        Assert.Contains("precision: bf16 (requested)", u.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(d["unc/summary.json"]));
        Assert.Equal("bf16", summary.RootElement.GetProperty("precision").GetString());
    }
}
