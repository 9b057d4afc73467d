using ScottPlot;

namespace Remask.Reports.Experiments;

/// <summary>
/// The curves of the paper's Fig. 4 for one training run: D_clean and D_noisy per epoch (percent, left axis) and the
/// relative change of the mean cumulative uncertainty per epoch (right axis), with the relabel epoch marked.
/// </summary>
/// <param name="Title">Shown above the plot.</param>
/// <param name="DClean">D_clean per epoch (index 0 = epoch 1).</param>
/// <param name="DNoisy">D_noisy per epoch, or empty.</param>
/// <param name="UncertaintyChange">Relative change of the mean cumulative uncertainty per epoch (index 0 = epoch 1), or empty.</param>
/// <param name="RelabelEpoch">The epoch the relabel rule picked, or null.</param>
public sealed record LearningCurve(string Title, double[] DClean, double[] DNoisy, double[] UncertaintyChange, int? RelabelEpoch);

/// <summary>Draws a <see cref="LearningCurve"/> as a PNG with ScottPlot 5, its text in the <see cref="EmbeddedFont"/>
/// (no system fonts needed).</summary>
public static class LearningCurvePlot
{
    /// <summary>The PNG bytes of <paramref name="curve"/>, <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static byte[] Png(LearningCurve curve, int width = 560, int height = 340)
    {
        EmbeddedFont.Register();
        using var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Name);
        plot.Title(curve.Title);
        plot.XLabel("epoch");
        plot.YLabel("Dice with the test masks (%)");
        Line(plot, curve.DClean, "D_clean", Colors.Blue);
        Line(plot, curve.DNoisy, "D_noisy", Colors.Orange);
        if (Line(plot, curve.UncertaintyChange, "uncertainty change (right axis)", Colors.Gray) is { } u)
        {
            u.LinePattern = LinePattern.Dashed;
            u.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "uncertainty change";
        }
        if (curve.RelabelEpoch is int e)
        {
            var line = plot.Add.VerticalLine(e, color: Colors.Red);
            line.LegendText = $"relabel epoch {e}";
            line.LinePattern = LinePattern.Dotted;
        }
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static ScottPlot.Plottables.Scatter? Line(Plot plot, double[] values, string label, Color color)
    {
        // NaN: not recorded at that epoch (the uncertainty change of epoch 1)
        var points = values.Select((v, i) => (Epoch: i + 1.0, Value: v)).Where(p => !double.IsNaN(p.Value)).ToArray();
        if (points.Length == 0) return null;
        var s = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => p.Value).ToArray(), color);
        s.LegendText = label;
        return s;
    }
}
