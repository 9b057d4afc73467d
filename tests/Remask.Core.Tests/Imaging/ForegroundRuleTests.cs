using Remask.Core.Imaging;

namespace Remask.Core.Tests.Imaging;

public class ForegroundRuleTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_text_means_any_positive_value(string? text)
    {
        ForegroundRule rule = ForegroundRule.Parse(text);
        Assert.Same(ForegroundRule.AnyPositive, rule);
        Assert.False(rule.IsForeground(0L));
        Assert.True(rule.IsForeground(1L));
        Assert.True(rule.IsForeground(255L));
        Assert.False(rule.IsForeground(-3L));
        Assert.True(rule.IsForeground(0.01));
        Assert.Equal("value > 0", rule.ToString());
    }

    [Fact]
    public void Listed_labels_only()
    {
        ForegroundRule rule = ForegroundRule.Parse(" 2 , 1,,");
        Assert.False(rule.IsForeground(0L));
        Assert.True(rule.IsForeground(1L));
        Assert.True(rule.IsForeground(2L));
        Assert.False(rule.IsForeground(3L));
        Assert.Equal("label in {1,2}", rule.ToString());
    }

    [Fact]
    public void Real_values_are_rounded_to_the_nearest_label()
    {
        ForegroundRule rule = ForegroundRule.Parse("2");
        Assert.True(rule.IsForeground(1.6));
        Assert.True(rule.IsForeground(2.4));
        Assert.False(rule.IsForeground(1.4));
        Assert.False(rule.IsForeground(2.6));
    }

    [Fact]
    public void Zero_and_negative_labels_can_be_picked()
    {
        Assert.True(ForegroundRule.Parse("0").IsForeground(0L));
        Assert.True(ForegroundRule.Parse("-1").IsForeground(-1L));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("1;2")]
    [InlineData("1.5")]
    [InlineData(",")]
    public void Bad_text_is_a_usage_error(string text)
    {
        var e = Assert.Throws<RemaskUsageException>(() => ForegroundRule.Parse(text));
        Assert.Contains("--foreground", e.Message);
    }
}
