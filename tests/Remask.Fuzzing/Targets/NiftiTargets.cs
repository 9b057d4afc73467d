using Remask.Core.Formats;
using Remask.Fuzzing.Mutations;

namespace Remask.Fuzzing.Targets;

/// <summary>The NIfTI reader as Remask's callers use it: the header scan of dataset discovery, the whole volume, and the
/// volume cut into an axial slice laid out by its affine (what a volume dataset serves as a sample).</summary>
public static class NiftiTargets
{
    private const string Fixtures = "tests/Remask.Core.Tests/Fixtures/nifti";

    /// <summary>The .nii fixtures (<paramref name="gzip"/> false) or the .nii.gz fixtures with the Decathlon fixture's
    /// volumes.</summary>
    public static FuzzTarget Nifti(bool gzip) => new()
    {
        Name = gzip ? "nifti-gz" : "nifti",
        Seeds = gzip
            ? [.. RepoFiles.Seeds(Fixtures, "*.nii.gz"), .. RepoFiles.Seeds("tests/Remask.Core.Tests/Fixtures/datasets/Task03_Liver/labelsTr", "*.nii.gz")]
            : RepoFiles.Seeds(Fixtures, "*.nii"),
        Mutate = (bytes, random) => NiftiMutations.Mutate(bytes, random, gzip),
        Checksummed = gzip,
        Probes =
        [
            new("ReadHeader", path => Fingerprint.Of(NiftiReader.ReadHeader(path)), Partial: true),
            new("Read", path => Fingerprint.Of(NiftiReader.Read(path))),
            new("Oriented slice", OrientedSlice),
        ],
    };

    /// <summary>What a volume dataset does for sample VOLUME_zK: read, orient by the affine, cut slice K (values as stored:
    /// NaN is a valid float voxel; label volumes refuse it in NiftiLabels).</summary>
    private static string OrientedSlice(string path)
    {
        var volume = NiftiReader.Read(path);
        var slice = NiftiSlices.Slice(volume, volume.Nz / 2, SliceOrientation.Of(volume));
        if (slice.Width * slice.Height != volume.Nx * volume.Ny) throw new InvalidReadException($"slice {slice.Width}x{slice.Height} of {volume}");
        return Fingerprint.Hash(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slice.Values)) + $" {slice.Width}x{slice.Height}";
    }
}
