using Remask.Core.Experiments;
using Remask.Reports.Experiments;

namespace Remask.Reports.Tests.Experiments;

public class ExperimentReportTests
{
    private static TableOne Table()
    {
        CellResult[] cells =
        [
            new("synth-ct", "clean", "none", 1, [93.24], []),
            new("synth-ct", "poly7", "none", 1, [71.5, 74.0], [70.0, 77.8]),
            new("synth-ct", "poly7", "none", 2, [75.0, 76.2], [70.0, 78.0]),
        ];
        return TableOne.Build("synth-ct", ["clean", "poly7"], cells);
    }

    [Fact]
    public void The_page_holds_the_tables_values_the_plots_inline_and_nothing_from_elsewhere()
    {
        var curve = new LearningCurve("synth-ct, poly7", [71.5, 74.04], [70, 77.77], [double.NaN, 0.1], 1);
        string html = ExperimentReport.Html("remask experiment <x>", [Table()], [curve],
            [new ReportPicture("examples", LearningCurvePlot.Png(curve, 100, 80))],
            [new ReportTable("ranking", ["rank", "name"], [["1", "img-007"]])]);
        Assert.Contains("<td>75.1 [74.0, 76.2] / 77.9 [77.8, 78.0]<br>", html);
        Assert.Contains("<th>clean GT</th><td>93.2 [93.2, 93.2] / -<br>", html);
        Assert.Contains("remask experiment &lt;x&gt;", html);
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("<td>img-007</td>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html);
    }

    [Fact]
    public void Markdown_has_a_column_per_noise_and_a_row_per_method()
    {
        string md = TableText.Markdown([Table()], "remask experiment");
        Assert.Contains("| | poly7 |", md);
        Assert.Contains("| no correction | 75.1 [74.0, 76.2] / 77.9 [77.8, 78.0] |", md);
        // each run's mean over its last 3 epochs (72.75, 75.6), then over seeds
        Assert.Contains("- no correction, poly7: D_clean over the last 3 epochs 74.2 [", md);
    }
}
