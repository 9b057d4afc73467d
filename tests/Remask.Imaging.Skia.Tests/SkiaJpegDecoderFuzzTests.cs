using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Imaging.Skia.Tests;

/// <summary>The JPEG reader with libjpeg-turbo (what the command line uses) under mutated fixtures (docs/reliability.md):
/// every case refused with one line naming the file, or read as a valid image.</summary>
public sealed class SkiaJpegDecoderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_jpegs_are_refused_or_read_correctly() =>
        FuzzRunner.RunUnitTest(ImageTargets.Jpeg(SkiaJpegDecoder.Instance, "jpeg-skia"), output.WriteLine);
}
