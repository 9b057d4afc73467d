using Remask.Fuzzing;
using Xunit.Abstractions;

namespace Remask.Core.Tests.TestSupport;

/// <summary>Runs a reader fuzz target in the unit tests (<see cref="FuzzRunner.RunUnitTest"/>): every case a pass, or the
/// test fails listing the failed cases.</summary>
internal static class Fuzz
{
    public const int Cases = FuzzRunner.UnitTestCases;

    public static FuzzReport Run(FuzzTarget target, ITestOutputHelper output)
    {
        var report = FuzzRunner.RunUnitTest(target);
        output.WriteLine(report.ToString());
        Assert.True(report.FailedCases == 0, report.ToString());
        Assert.Equal(Cases, report.Cases);
        return report;
    }
}
