using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Core.Tests.Imaging;

/// <summary>The PNG readers under mutated fixtures (docs/reliability.md): every case refused with an error that names the
/// file, or read as a valid image (and as the original, unless the mutation kept the CRCs valid).</summary>
public sealed class PngReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_pngs_are_refused_or_read_correctly() => FuzzRunner.RunUnitTest(ImageTargets.Png(), output.WriteLine);
}
