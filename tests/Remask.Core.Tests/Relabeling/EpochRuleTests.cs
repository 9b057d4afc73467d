using Remask.Core.Relabeling.EpochRules;

namespace Remask.Core.Tests.Relabeling;

public class EpochRuleTests
{
    /// <summary>Feeds the series one epoch at a time; returns every decision, after checking that a second call on the same history agrees (no hidden state).</summary>
    private static List<EpochDecision> Online(IEpochRule rule, IReadOnlyList<double> series)
    {
        var decisions = new List<EpochDecision>();
        for (int t = 1; t <= series.Count; t++)
        {
            var history = series.Take(t).ToArray();
            var decision = rule.Decide(history);
            Assert.Equal(decision, rule.Decide(history));
            Assert.Equal(t, decision.Epoch);
            decisions.Add(decision);
        }
        return decisions;
    }

    private static EpochDecision OnlyFiring(List<EpochDecision> decisions)
    {
        var fired = decisions.Where(d => d.Fire).ToList();
        Assert.Single(fired);
        foreach (var later in decisions.Where(d => d.Epoch > fired[0].Epoch))
        {
            Assert.False(later.Fire);
            Assert.StartsWith($"already fired at epoch {fired[0].Epoch}", later.Reason);
        }
        return fired[0];
    }

    // S_t falling ever faster, then slower: Δ = −0.1, −0.222, −0.357, −0.222, −0.114, −0.065, ... minimum at epoch 4.
    private static readonly double[] Uncertainty = [100, 90, 70, 45, 35, 31, 29, 28.5, 28.4, 28.3];

    [Fact]
    public void The_uncertainty_rule_fires_once_the_minimum_of_the_relative_change_is_confirmed()
    {
        var one = OnlyFiring(Online(new UncertaintyChangeRule(), Uncertainty));
        Assert.Equal((5, 4), (one.Epoch, one.PickedEpoch));
        var two = OnlyFiring(Online(new UncertaintyChangeRule(Window: 2), Uncertainty));
        Assert.Equal((6, 4), (two.Epoch, two.PickedEpoch));
        Assert.Contains("at epoch 4", two.Reason);
    }

    [Fact]
    public void The_uncertainty_rule_waits_through_a_noisy_rise_when_the_window_asks_for_more()
    {
        // Δ: −0.1, −0.3, −0.25 (noise), −0.5, −0.4, −0.2: window 1 fires on the noise at epoch 4 (minimum epoch 3);
        // window 2 needs two rises in a row and fires at epoch 7, after the true minimum at epoch 5.
        double[] delta = [-0.1, -0.3, -0.25, -0.5, -0.4, -0.2];
        var s = new List<double> { 100 };
        foreach (double d in delta) s.Add(s[^1] * (1 + d));
        var one = OnlyFiring(Online(new UncertaintyChangeRule(1), s));
        Assert.Equal((4, 3), (one.Epoch, one.PickedEpoch));
        var two = OnlyFiring(Online(new UncertaintyChangeRule(2), s));
        Assert.Equal((7, 5), (two.Epoch, two.PickedEpoch));
        // Skipping the warm-up: candidates from epoch 5 on.
        var late = OnlyFiring(Online(new UncertaintyChangeRule(1, FirstCandidate: 5), s));
        Assert.Equal((6, 5), (late.Epoch, late.PickedEpoch));
    }

    [Fact]
    public void The_uncertainty_rule_never_fires_on_a_relative_change_that_keeps_falling()
    {
        double[] s = [100, 99, 97, 93, 85, 70];
        Assert.DoesNotContain(Online(new UncertaintyChangeRule(), s), d => d.Fire);
    }

    [Fact]
    public void Relative_changes_are_hand_computed_and_bad_series_throw()
    {
        var delta = UncertaintyChangeRule.RelativeChanges([100, 90, 45]);
        Assert.True(double.IsNaN(delta[0]));
        Assert.Equal(-0.1, delta[1], 15);
        Assert.Equal(-0.5, delta[2], 15);
        Assert.Throws<ArgumentException>(() => UncertaintyChangeRule.RelativeChanges([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => UncertaintyChangeRule.RelativeChanges([0, 1]));
        Assert.Throws<ArgumentException>(() => UncertaintyChangeRule.RelativeChanges([-1, 1]));
        Assert.Throws<ArgumentException>(() => new UncertaintyChangeRule().Decide([]));
        Assert.Throws<RemaskUsageException>(() => new UncertaintyChangeRule(0).Decide([1, 2]));
    }

    [Fact]
    public void The_clean_subset_rule_reports_the_peak_after_the_patience_or_a_drop()
    {
        double[] dice = [0.6, 0.75, 0.8, 0.79, 0.78, 0.8, 0.77];
        var patient = OnlyFiring(Online(new CleanSubsetRule(Patience: 2), dice));
        Assert.Equal((5, 3), (patient.Epoch, patient.PickedEpoch));
        var drop = OnlyFiring(Online(new CleanSubsetRule(Patience: 10, MaxDrop: 0.005), dice));
        Assert.Equal((4, 3), (drop.Epoch, drop.PickedEpoch));
        // A later equal value is no improvement.
        var equal = OnlyFiring(Online(new CleanSubsetRule(Patience: 2), [0.5, 0.8, 0.8, 0.8, 0.8]));
        Assert.Equal((4, 2), (equal.Epoch, equal.PickedEpoch));
        // Small rises count without a minimum improvement, and not with one.
        double[] creeping = [0.5, 0.7, 0.705, 0.71, 0.7, 0.7, 0.7];
        var any = OnlyFiring(Online(new CleanSubsetRule(Patience: 3), creeping));
        Assert.Equal((7, 4), (any.Epoch, any.PickedEpoch));
        var coarse = OnlyFiring(Online(new CleanSubsetRule(Patience: 3, MinImprovement: 0.02), creeping));
        Assert.Equal((5, 2), (coarse.Epoch, coarse.PickedEpoch));
        Assert.DoesNotContain(Online(new CleanSubsetRule(), [0.1, 0.2, 0.3, 0.4]), d => d.Fire);
    }

    [Fact]
    public void The_fixed_rule_fires_at_its_epoch_only()
    {
        var fired = OnlyFiring(Online(new FixedEpochRule(4), new double[9]));
        Assert.Equal((4, 4), (fired.Epoch, fired.PickedEpoch));
        Assert.DoesNotContain(Online(new FixedEpochRule(12), new double[9]), d => d.Fire);
    }

    private static double[] Curve(SaturatingCurve curve, int epochs, double noise = 0, int seed = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, epochs).Select(t => curve.Value(t) + noise * (2 * random.NextDouble() - 1)).ToArray();
    }

    [Theory]
    [InlineData(0.85, 0.8, 2.5)]
    [InlineData(0.9, 1.5, 6.0)]
    [InlineData(0.7, 0.5, 1.2)]
    [InlineData(0.95, 2.2, 30.0)]
    public void The_curve_fit_recovers_a_b_c_of_a_synthetic_curve(double a, double b, double c)
    {
        var truth = new SaturatingCurve(a, b, c);
        var exact = SaturatingCurveFitter.Fit(Curve(truth, 25))!;
        Assert.Equal(a, exact.Curve.A, 5);
        Assert.Equal(b, exact.Curve.B, 5);
        Assert.Equal(c, exact.Curve.C, 3);
        Assert.True(exact.SumOfSquares < 1e-12);

        // Noise of ±0.005 (Dice), 40 epochs: the parameters within a few percent.
        var noisy = SaturatingCurveFitter.Fit(Curve(truth, 40, 0.005, seed: 7))!;
        Assert.InRange(noisy.Curve.A / a, 0.98, 1.02);
        Assert.InRange(noisy.Curve.B / b, 0.9, 1.1);
        Assert.InRange(noisy.Curve.C / c, 0.85, 1.15);
    }

    [Fact]
    public void The_curve_fit_declines_without_enough_information()
    {
        Assert.Null(SaturatingCurveFitter.Fit([0.5, 0.6]));
        Assert.Null(SaturatingCurveFitter.Fit([0.0, 0.0, 0.0]));
        Assert.Throws<ArgumentException>(() => SaturatingCurveFitter.Fit([0.1, double.NaN, 0.3]));
        // A flat curve still fits (a saturated from the start).
        var flat = SaturatingCurveFitter.Fit([0.8, 0.8, 0.8, 0.8])!;
        Assert.Equal(0.8, flat.Curve.Value(4), 4);
    }

    [Fact]
    public void Slope_is_the_derivative_of_the_value()
    {
        var curve = new SaturatingCurve(0.9, 1.3, 4);
        foreach (double t in new[] { 1.0, 2.5, 7 })
            Assert.Equal((curve.Value(t + 1e-6) - curve.Value(t - 1e-6)) / 2e-6, curve.Slope(t), 6);
    }

    [Theory]
    [InlineData(0.85, 0.8, 2.5)]
    [InlineData(0.9, 1.0, 5.0)]
    [InlineData(0.9, 1.5, 10.0)]
    [InlineData(0.95, 2.2, 30.0)]   // the slope first rises to 2.7 f'(1): ADELE's bare |f'(1) - f'(t)| test would fire at epoch 3
    public void The_adele_rule_fires_at_the_epoch_where_the_true_slope_has_fallen_by_90_percent(double a, double b, double c)
    {
        var truth = new SaturatingCurve(a, b, c);
        int expected = Enumerable.Range(3, 60).First(t =>
            truth.Slope(t) < truth.Slope(1) && Math.Abs(truth.Slope(1) - truth.Slope(t)) / truth.Slope(1) > 0.9);
        var fired = OnlyFiring(Online(new AdeleRule(), Curve(truth, expected + 4)));
        Assert.Equal((expected, expected), (fired.Epoch, fired.PickedEpoch));
        Assert.Contains("fitted slope fell", fired.Reason);
    }

    [Fact]
    public void The_adele_rule_needs_three_points_and_tolerates_small_noise()
    {
        var truth = new SaturatingCurve(0.85, 0.8, 2.5);
        var decisions = Online(new AdeleRule(), Curve(truth, 20, 0.003, seed: 3));
        Assert.False(decisions[0].Fire || decisions[1].Fire);
        var fired = OnlyFiring(decisions);
        int expected = Enumerable.Range(3, 60).First(t => (truth.Slope(1) - truth.Slope(t)) / truth.Slope(1) > 0.9);
        Assert.InRange(fired.Epoch, expected - 2, expected + 2);
    }

    [Fact]
    public void The_adele_rule_does_not_trust_a_fit_that_has_not_begun_to_saturate()
    {
        // A steady linear rise with a little noise: the best fit is a power law with a huge asymptote.
        var random = new Random(1);
        var linear = Enumerable.Range(1, 20).Select(t => 0.3 + 0.006 * t + 0.003 * (random.NextDouble() - 0.5)).ToArray();
        // One call on the whole history scans every earlier epoch (fits are slow here, so no epoch-by-epoch replay).
        var trusted = new AdeleRule().Decide(linear);
        Assert.Equal((false, null), (trusted.Fire, trusted.PickedEpoch));
        var published = new AdeleRule(MaxAsymptote: null).Decide(linear);
        Assert.StartsWith("already fired at epoch", published.Reason);
        Assert.True(AdeleRule.FitAt(linear, published.PickedEpoch!.Value)!.Curve.A > 1.5);
    }
}
