using System.Net;
using System.Text;
using Remask.Core.Experiments;

namespace Remask.Reports.Experiments;

/// <summary>A picture of the report with its caption (PNG bytes, embedded as a data URI).</summary>
public sealed record ReportPicture(string Caption, byte[] Png);

/// <summary>A small table of the report (for example the worst-ranked images of label-quality.csv).</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// report.html of <c>remask experiment</c>: one self-contained page (pictures as base64 PNG data URIs, no scripts,
/// no fonts or style sheets from elsewhere) that opens from disk. It holds the Table-1 layout of every dataset, the
/// learning curves (Fig. 4), the relabel examples (Fig. 5) and the images ranked worst by label quality.
/// </summary>
public static class ExperimentReport
{
    /// <summary>The page's HTML, every piece of text HTML-encoded; sections without content are left out.</summary>
    /// <param name="command">The command line that ran the experiment, shown at the top.</param>
    /// <param name="tables">Table 1 of each dataset, in order.</param>
    /// <param name="curves">The learning curves to plot (Fig. 4); none: no such section.</param>
    /// <param name="examples">The pictures of relabel examples (Fig. 5); none: no such section.</param>
    /// <param name="rankings">The tables of images ranked worst by label quality; none: no such section.</param>
    public static string Html(string command, IReadOnlyList<TableOne> tables, IReadOnlyList<LearningCurve> curves,
        IReadOnlyList<ReportPicture> examples, IReadOnlyList<ReportTable> rankings)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Remask experiment</title>\n<style>")
         .Append("body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;margin:1em 0}")
         .Append("td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}small{color:#555}")
         .Append("figure{display:inline-block;margin:.5em}img{max-width:100%}</style></head><body>\n")
         .Append("<h1>Remask experiment</h1>\n<p><code>").Append(E(command)).Append("</code></p>\n")
         .Append("<p>D_clean / D_noisy in % at the last epoch: mean [min, max] over seeds.</p>\n");
        foreach (var t in tables)
        {
            h.Append("<h2>").Append(E(t.Dataset)).Append("</h2>\n<table class=\"table-one\"><tr><th></th>");
            foreach (string n in t.Noises) h.Append("<th>").Append(E(n)).Append("</th>");
            h.Append("</tr>\n");
            foreach (var row in t.Rows)
            {
                h.Append("<tr><th>").Append(E(row.Label)).Append("</th>");
                foreach (var e in row.Entries)
                    h.Append("<td>").Append(e is null ? "-" : E(TableText.Scores(e)) + "<br><small>" + E(TableText.Details(e)) + "</small>").Append("</td>");
                h.Append("</tr>\n");
            }
            h.Append("</table>\n");
        }
        if (curves.Count > 0)
        {
            h.Append("<h2>Learning curves</h2>\n<p>D_clean and D_noisy per epoch of the model trained without correction, the relative change of the mean cumulative uncertainty per epoch (right axis, where recorded) and the relabel epoch.</p>\n");
            foreach (var c in curves) Figure(h, new ReportPicture(c.Title, LearningCurvePlot.Png(c)));
        }
        if (examples.Count > 0)
        {
            h.Append("<h2>Relabel examples</h2>\n<p>Training images ranked worst by label quality, before and after relabeling.</p>\n");
            foreach (var p in examples) Figure(h, p);
        }
        if (rankings.Count > 0)
        {
            h.Append("<h2>Images ranked worst by label quality</h2>\n");
            foreach (var r in rankings)
            {
                h.Append("<table class=\"ranking\"><caption>").Append(E(r.Caption)).Append("</caption><tr>");
                foreach (string c in r.Header) h.Append("<th>").Append(E(c)).Append("</th>");
                h.Append("</tr>\n");
                foreach (var row in r.Rows) h.Append("<tr>").Append(string.Concat(row.Select(c => "<td>" + E(c) + "</td>"))).Append("</tr>\n");
                h.Append("</table>\n");
            }
        }
        return h.Append("</body></html>\n").ToString();
    }

    private static void Figure(StringBuilder h, ReportPicture p) =>
        h.Append("<figure><img alt=\"").Append(E(p.Caption)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(p.Png))
         .Append("\"><figcaption>").Append(E(p.Caption)).Append("</figcaption></figure>\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
