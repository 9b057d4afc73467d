using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Imaging.Skia.Tests;

/// <summary>The JPEG reader with libjpeg-turbo (what the command line uses) under mutated fixtures (docs/reliability.md):
/// every case refused with one line naming the file, or read as a valid image. A few hundred cases with a generous hang
/// guard; bench/FuzzBench runs 10,000 with the 1 s limit.</summary>
public sealed class SkiaJpegDecoderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_jpegs_are_refused_or_read_correctly()
    {
        var report = FuzzRunner.RunUnitTest(ImageTargets.Jpeg(SkiaJpegDecoder.Instance, "jpeg-skia"));
        output.WriteLine(report.ToString());
        Assert.True(report.FailedCases == 0, report.ToString());
        Assert.Equal(FuzzRunner.UnitTestCases, report.Cases);
        Assert.True(report.Count(0, FuzzOutcome.Refused) > 0, report.ToString());
    }
}
