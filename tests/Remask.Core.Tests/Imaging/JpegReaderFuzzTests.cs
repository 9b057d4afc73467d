using Remask.Core.Imaging;
using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Core.Tests.Imaging;

/// <summary>The JPEG reader with the managed decoder (stb_image) under mutated fixtures (docs/reliability.md); the
/// libjpeg-turbo decoder has the same test in Remask.Imaging.Skia.Tests.</summary>
public sealed class JpegReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_jpegs_are_refused_or_read_correctly() =>
        FuzzRunner.RunUnitTest(ImageTargets.Jpeg(StbJpegDecoder.Instance, "jpeg-stb"), output.WriteLine);
}
