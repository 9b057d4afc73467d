using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

public class CtWindowTests
{
    [Theory]
    [InlineData(-1000f, 0f)]
    [InlineData(-160f, 0f)]     // level - width / 2
    [InlineData(-60f, 0.25f)]
    [InlineData(40f, 0.5f)]     // the level
    [InlineData(140f, 0.75f)]
    [InlineData(240f, 1f)]      // level + width / 2
    [InlineData(3000f, 1f)]
    [InlineData(float.NaN, 0f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, 0f)]
    public void DefaultWindowIsLevel40Width400(float hu, float expected) =>
        Assert.Equal(expected, CtWindow.Default.Apply(hu));

    [Fact]
    public void OtherWindow()
    {
        var bone = new CtWindow(400, 1800); // -500 .. 1300
        Assert.Equal(-500, bone.Lower);
        Assert.Equal(1300, bone.Upper);
        Assert.Equal(0.5f, bone.Apply(400));
        var dest = new float[3];
        bone.Apply([-500f, 850f, 2000f], dest);
        Assert.Equal(new[] { 0f, 0.75f, 1f }, dest);
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(40, -10)]
    [InlineData(double.NaN, 400)]
    public void BadWindowIsAUsageError(double level, double width) =>
        Assert.Throws<RemaskUsageException>(() => new CtWindow(level, width));
}
