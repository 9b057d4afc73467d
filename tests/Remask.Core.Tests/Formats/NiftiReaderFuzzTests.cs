using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Core.Tests.Formats;

/// <summary>The NIfTI reader under mutated fixtures (docs/reliability.md): header fields, voxel data, and for .nii.gz
/// both the decompressed file (recompressed) and the gzip bytes (which gzip's CRC-32 must catch).</summary>
public sealed class NiftiReaderFuzzTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mutated_volumes_are_refused_or_read_correctly(bool gzip) => FuzzRunner.RunUnitTest(NiftiTargets.Nifti(gzip), output.WriteLine);
}
