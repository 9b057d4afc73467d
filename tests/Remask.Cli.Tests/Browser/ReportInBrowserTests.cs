using System.Text.Json;
using Remask.Core.Experiments;
using Remask.Reports.Experiments;

namespace Remask.Cli.Tests.Browser;

/// <summary>
/// report.html of the tiny experiment (<see cref="ExperimentCommandTests.Tiny"/>) as a reader sees it: rendered in
/// headless Chromium, every picture decoded, the table showing results.json's numbers, and nothing going wrong.
/// Set REMASK_REPORT_SCREENSHOT to a path to keep a full-page PNG of what was rendered.
/// </summary>
public class ReportInBrowserTests
{
    /// <summary>Per image: its alt text, whether it loaded, its natural size and the share of its bottom row that is drawn
    /// (not transparent). Chromium shows the decodable top of a cut-off PNG with its natural size, leaving the rest
    /// transparent; the report's pictures (plots, montages) are opaque to the last row.</summary>
    private const string DecodedImages = """
        all => all.map(i => {
          let bottomOpaque = 0;
          if (i.naturalWidth > 0 && i.naturalHeight > 0) {
            const c = document.createElement('canvas');
            c.width = i.naturalWidth; c.height = i.naturalHeight;
            const g = c.getContext('2d');
            g.drawImage(i, 0, 0);
            const row = g.getImageData(0, c.height - 1, c.width, 1).data;
            for (let k = 3; k < row.length; k += 4) if (row[k] > 0) bottomOpaque++;
            bottomOpaque /= c.width;
          }
          return { alt: i.alt, complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, bottomOpaque };
        })
        """;

    [ChromiumFact]
    public async Task The_report_renders_every_picture_and_the_table_with_no_errors()
    {
        using var d = new TempDir();
        var r = CliRunner.Run(ExperimentCommandTests.Tiny(d["exp"]));
        Assert.True(r.ExitCode == 0, r.ToString());
        // One learning curve (poly3's uncorrected model) and one relabel-examples picture (poly3's relabel run).
        Assert.True(File.Exists(d["exp/runs/synth-derm-poly3-relabel-s1/relabel-round-1-examples.png"]));
        string[] pictures = ["synth-derm, poly3, seed 1: no correction", "synth-derm, poly3, seed 1: relabel round 1"];

        await using var open = await HeadlessPage.OpenAsync(d["exp/report.html"]);
        var page = open.Page;
        if (Environment.GetEnvironmentVariable("REMASK_REPORT_SCREENSHOT") is { Length: > 0 } shot)
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(open.Problems.Count == 0, string.Join("\n", open.Problems));

        var images = await page.EvalOnSelectorAllAsync<JsonElement>("img", DecodedImages);
        Assert.Equal(pictures, images.EnumerateArray().Select(i => i.GetProperty("alt").GetString()));
        foreach (var image in images.EnumerateArray())
        {
            string alt = image.GetProperty("alt").GetString()!;
            Assert.True(image.GetProperty("complete").GetBoolean(), $"{alt}: not loaded");
            Assert.True(image.GetProperty("width").GetInt32() > 0 && image.GetProperty("height").GetInt32() > 0, $"{alt}: not decoded (natural size 0)");
            Assert.True(image.GetProperty("bottomOpaque").GetDouble() > 0.5, $"{alt}: its bottom row is not drawn (a cut-off PNG)");
        }

        // Table 1 is shown, one row per method, each D_clean entry as results.json has it.
        var table = page.Locator("table.table-one");
        Assert.Equal(1, await table.CountAsync());
        Assert.True(await table.IsVisibleAsync());
        var shown = (await table.Locator("tr").AllInnerTextsAsync()).Skip(1).ToList();
        using var json = JsonDocument.Parse(File.ReadAllText(d["exp/results.json"]));
        var rows = json.RootElement.GetProperty("tables")[0].GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, shown.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var dClean = rows[i].GetProperty("entries")[0].GetProperty("d_clean");
            string cell = TableText.Cell(new Spread(dClean.GetProperty("mean").GetDouble(), dClean.GetProperty("min").GetDouble(), dClean.GetProperty("max").GetDouble(), 1));
            Assert.StartsWith($"{rows[i].GetProperty("label").GetString()}\t{cell} / ", shown[i]);
        }
        // The uncorrected model's error-detection AUROC: a number of the run (D_clean may be 0.0 after two tiny epochs).
        double auroc = rows[1].GetProperty("entries")[0].GetProperty("auroc").GetProperty("aleatoric").GetDouble();
        Assert.Contains($"aleatoric {auroc.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}", shown[1]);
        Assert.Equal(1, await page.Locator("table.ranking").CountAsync());
    }
}
