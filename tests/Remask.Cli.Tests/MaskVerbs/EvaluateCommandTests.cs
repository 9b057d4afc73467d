using System.Text.Json;
using Remask.Core.Imaging;

namespace Remask.Cli.Tests.MaskVerbs;

public class EvaluateCommandTests
{
    [Fact]
    public void Json_holds_means_and_rows_with_hand_computed_scores()
    {
        using var s = new TempDir();
        // 2x2 square predicted inside a 2x4 reference: Dice 2*4/(4+8) = 2/3, IoU 4/8, precision 1, recall 1/2.
        MaskFiles.Write(s["pred/a.png"], Mask.FromFunction(8, 8, (x, y) => x is >= 2 and < 4 && y is >= 2 and < 4));
        MaskFiles.Write(s["ref/a.png"], Mask.FromFunction(8, 8, (x, y) => x is >= 2 and < 6 && y is >= 2 and < 4));
        MaskFiles.Write(s["pred/b.png"], Mask.Empty(8, 8));
        MaskFiles.Write(s["ref/b.png"], Mask.Empty(8, 8));
        var r = CliRunner.Run("evaluate", "--pred", s["pred"], "--ref", s["ref"], "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("count").GetInt32());
        var rows = root.GetProperty("rows");
        Assert.Equal("a", rows[0].GetProperty("name").GetString());
        Assert.Equal(2.0 / 3, rows[0].GetProperty("dice").GetDouble(), 9);
        Assert.Equal(0.5, rows[0].GetProperty("iou").GetDouble(), 9);
        Assert.Equal(1.0, rows[0].GetProperty("precision").GetDouble(), 9);
        Assert.Equal(0.5, rows[0].GetProperty("recall").GetDouble(), 9);
        // Surfaces: every pixel of both (they are 2 pixels thick); farthest reference pixels are 2 from the square.
        Assert.Equal(2.0, rows[0].GetProperty("hd95").GetDouble(), 9);
        Assert.Equal(1.0, rows[1].GetProperty("dice").GetDouble());
        Assert.Equal(0.0, rows[1].GetProperty("hd95").GetDouble());
        Assert.Equal((2.0 / 3 + 1) / 2, root.GetProperty("mean").GetProperty("dice").GetDouble(), 9);
        Assert.Equal(0, root.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public void Mismatched_names_sizes_and_broken_files_are_reported_per_file()
    {
        using var s = new TempDir();
        var disc = MaskFiles.Disc(16, 16, 8, 8, 5);
        MaskFiles.Write(s["pred/good.png"], disc);
        MaskFiles.Write(s["ref/good.png"], disc);
        MaskFiles.Write(s["pred/only-pred.png"], disc);
        MaskFiles.Write(s["ref/only-ref.png"], disc);
        MaskFiles.Write(s["pred/size.png"], MaskFiles.Disc(16, 12, 8, 6, 4));
        MaskFiles.Write(s["ref/size.png"], disc);
        File.WriteAllText(s["pred/broken.png"], "garbage");
        MaskFiles.Write(s["ref/broken.png"], disc);
        MaskFiles.Write(s["pred/missed.png"], Mask.Empty(16, 16));
        MaskFiles.Write(s["ref/missed.png"], disc);

        var r = CliRunner.Run("evaluate", "--pred", s["pred"], "--ref", s["ref"], "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        var problems = root.GetProperty("problems").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("problem").GetString()!);
        Assert.Equal(["broken", "only-pred", "only-ref", "size"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("no reference", problems["only-pred"]);
        Assert.Contains("no predicted", problems["only-ref"]);
        Assert.Contains("16x12", problems["size"]);
        // The two valid pairs are scored: good (Dice 1) and missed (Dice 0, HD95 infinite -> null).
        Assert.Equal(2, root.GetProperty("count").GetInt32());
        Assert.Equal(0.5, root.GetProperty("mean").GetProperty("dice").GetDouble(), 9);
        Assert.Equal(1, root.GetProperty("mean").GetProperty("infiniteHd95").GetInt32());
        var missed = root.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("name").GetString() == "missed");
        Assert.Equal(JsonValueKind.Null, missed.GetProperty("hd95").ValueKind);
    }

    [Fact]
    public void The_text_summary_lists_the_problems()
    {
        using var s = new TempDir();
        MaskFiles.Write(s["pred/a.png"], Mask.Full(4, 4));
        MaskFiles.Write(s["ref/a.png"], Mask.Full(4, 4));
        MaskFiles.Write(s["ref/b.png"], Mask.Full(4, 4));
        var r = CliRunner.Run("evaluate", "--pred", s["pred"], "--ref", s["ref"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("1.0000", r.Out);
        Assert.Contains("b.png: no predicted mask for this sample", r.Out);
    }

    [Fact]
    public void Missing_folders_and_options_are_one_line_errors()
    {
        using var s = new TempDir();
        MaskFiles.Write(s["ref/a.png"], Mask.Full(4, 4));
        var missing = CliRunner.Run("evaluate", "--pred", s["nope"], "--ref", s["ref"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope: folder not found", missing.Err);
        Assert.Equal(2, CliRunner.Run("evaluate", "--ref", s["ref"]).ExitCode);
    }
}
