using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>
/// Broken files fail with a one-line RemaskDataException that names the file and the problem.
/// The corrupt files are made here by patching a good little-endian fixture (5x4x3 uint8, data at 352).
/// </summary>
public sealed class NiftiReaderErrorTests : IDisposable
{
    // nifti1.h field offsets
    private const int OffSizeofHdr = 0, OffDim = 40, OffDatatype = 70, OffVoxOffset = 108, OffSclSlope = 112, OffSclInter = 116;
    private const int OffQformCode = 252, OffSformCode = 254, OffQuaternB = 256, OffMagic = 344;

    private readonly NiftiTempFolder _temp = new();
    private readonly byte[] _good = File.ReadAllBytes(NiftiFixtures.PathOf("uint8_sform_swapped.nii"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheGoodFileThatTheOthersArePatchedFromReads()
    {
        string path = _temp.Write("good.nii", _good);
        Assert.Equal(60, NiftiReader.Read(path).VoxelCount);
    }

    [Fact]
    public void MissingFile()
    {
        string path = _temp.File("nothing-here.nii.gz");
        AssertFails(path, "file not found", () => NiftiReader.Read(path));
        AssertFails(path, "file not found", () => NiftiReader.ReadHeader(path));
    }

    [Fact]
    public void FolderInsteadOfFile()
    {
        string path = _temp.File("folder.nii");
        Directory.CreateDirectory(path);
        AssertFails(path, "is a folder", () => NiftiReader.Read(path));
    }

    [Fact]
    public void NamedGzButNotGzip()
    {
        string path = _temp.Write("plain.nii.gz", _good);
        AssertFails(path, "not gzip-compressed", () => NiftiReader.Read(path));
        AssertFails(path, "not gzip-compressed", () => NiftiReader.ReadHeader(path));
    }

    [Fact]
    public void GzipIsDetectedByMagicBytesNotByName()
    {
        string path = _temp.Write("compressed-but-named.nii", NiftiTempFolder.Gzip(_good));
        Assert.Equal(60, NiftiReader.Read(path).VoxelCount);
    }

    [Fact]
    public void TruncatedGzipStreamInTheData()
    {
        byte[] gz = NiftiTempFolder.Gzip(Pad(_good, 4000));
        string path = _temp.Write("cut.nii.gz", gz[..(gz.Length - 30)]);
        AssertFails(path, "gzip stream is truncated", () => NiftiReader.Read(path));
    }

    [Fact]
    public void TruncatedGzipStreamInTheHeader()
    {
        byte[] gz = NiftiTempFolder.Gzip(_good);
        string path = _temp.Write("cut-early.nii.gz", gz[..20]);
        AssertFails(path, "gzip stream is truncated", () => NiftiReader.ReadHeader(path));
    }

    [Fact]
    public void GzipWithBadCrc()
    {
        byte[] gz = NiftiTempFolder.Gzip(_good);
        gz[^6] ^= 0xff; // inside the CRC32 of the trailer
        string path = _temp.Write("crc.nii.gz", gz);
        AssertFails(path, "gzip stream is corrupt", () => NiftiReader.Read(path));
    }

    [Fact]
    public void TruncatedHeader()
    {
        string path = _temp.Write("short.nii", _good[..200]);
        AssertFails(path, "truncated NIfTI header", () => NiftiReader.ReadHeader(path));
        string empty = _temp.Write("empty.nii", []);
        AssertFails(empty, "truncated NIfTI header", () => NiftiReader.Read(empty));
        string gz = _temp.Write("short.nii.gz", NiftiTempFolder.Gzip(_good[..100]));
        AssertFails(gz, "truncated NIfTI header", () => NiftiReader.Read(gz));
    }

    [Fact]
    public void NotANiftiFile()
    {
        string path = _temp.Write("text.nii", System.Text.Encoding.ASCII.GetBytes(new string('x', 500)));
        AssertFails(path, "sizeof_hdr", () => NiftiReader.Read(path));
    }

    [Fact]
    public void Nifti2IsNamed()
    {
        string path = _temp.Write("n2.nii", NiftiTempFolder.WithInt32(_good, OffSizeofHdr, 540));
        AssertFails(path, "NIfTI-2", () => NiftiReader.Read(path));
    }

    [Fact]
    public void BadMagic()
    {
        string path = _temp.Write("magic.nii", NiftiTempFolder.WithBytes(_good, OffMagic, "abc\0"u8));
        AssertFails(path, "bad NIfTI magic \"abc\\0\"", () => NiftiReader.Read(path));
    }

    [Fact]
    public void PairHeaderSaysPairsAreNotSupported()
    {
        string path = _temp.Write("pair.nii", NiftiTempFolder.WithBytes(_good, OffMagic, "ni1\0"u8));
        AssertFails(path, ".hdr/.img pairs are not supported", () => NiftiReader.ReadHeader(path));
    }

    [Theory]
    [InlineData(128, "rgb24")]
    [InlineData(1024, "int64")]
    [InlineData(999, "not a NIfTI-1 datatype")]
    public void UnsupportedDatatypeIsNamedWithItsCode(short code, string name)
    {
        string path = _temp.Write("dt.nii", NiftiTempFolder.WithInt16(_good, OffDatatype, code));
        AssertFails(path, $"unsupported datatype code {code} ({name})", () => NiftiReader.Read(path));
    }

    [Fact]
    public void DataShorterThanTheDimensionsSay()
    {
        string path = _temp.Write("short-data.nii", _good[..380]);
        AssertFails(path, "voxel data is shorter than the header says: 5x4x3 uint8 needs 60 bytes from offset 352, the file has 28",
            () => NiftiReader.Read(path));
        // The header alone is fine.
        Assert.Equal(5, NiftiReader.ReadHeader(path).Nx);
    }

    [Fact]
    public void CompleteGzipWithTooLittleData()
    {
        string path = _temp.Write("short-data.nii.gz", NiftiTempFolder.Gzip(_good[..380]));
        AssertFails(path, "voxel data is shorter than the header says", () => NiftiReader.Read(path));
    }

    [Fact]
    public void DataOffsetBeyondTheEnd()
    {
        string path = _temp.Write("offset.nii", NiftiTempFolder.WithFloat(_good, OffVoxOffset, 4096));
        AssertFails(path, "voxel data is shorter than the header says", () => NiftiReader.Read(path));
        string gz = _temp.Write("offset.nii.gz", NiftiTempFolder.Gzip(NiftiTempFolder.WithFloat(_good, OffVoxOffset, 4096)));
        AssertFails(gz, "voxel data is shorter than the header says", () => NiftiReader.Read(gz));
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, -3)]
    public void DimensionsMustBePositive(int axis, short value)
    {
        string path = _temp.Write("dims.nii", NiftiTempFolder.WithInt16(_good, OffDim + 2 * axis, value));
        AssertFails(path, $"dim[{axis}] is {value}; every dimension must be positive", () => NiftiReader.ReadHeader(path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void DimensionCountOutOfRange(short dim0)
    {
        string path = _temp.Write("dim0.nii", NiftiTempFolder.WithInt16(_good, OffDim, dim0));
        AssertFails(path, $"dim[0] is {dim0}", () => NiftiReader.Read(path));
    }

    [Fact]
    public void FourDimensionalWithSeveralVolumesIsRejected()
    {
        byte[] bytes = NiftiTempFolder.WithInt16(_good, OffDim, 4);
        bytes = NiftiTempFolder.WithInt16(bytes, OffDim + 8, 3);
        string path = _temp.Write("4d.nii", bytes);
        AssertFails(path, "holds 3 volumes (dims 5x4x3x3); only 3D volumes (or 4D with a single volume) are supported",
            () => NiftiReader.Read(path));
    }

    [Fact]
    public void VoxOffsetInsideTheHeader()
    {
        string path = _temp.Write("vox.nii", NiftiTempFolder.WithFloat(_good, OffVoxOffset, 0));
        AssertFails(path, "vox_offset is 0", () => NiftiReader.Read(path));
    }

    [Fact]
    public void NonFiniteInterceptWithAValidSlope()
    {
        byte[] bytes = NiftiTempFolder.WithFloat(_good, OffSclSlope, 2);
        bytes = NiftiTempFolder.WithFloat(bytes, OffSclInter, float.NaN);
        string path = _temp.Write("inter.nii", bytes);
        AssertFails(path, "the intercept must be finite", () => NiftiReader.Read(path));
    }

    [Fact]
    public void QformQuaternionLongerThanOne()
    {
        byte[] bytes = NiftiTempFolder.WithInt16(_good, OffSformCode, 0);
        bytes = NiftiTempFolder.WithInt16(bytes, OffQformCode, 1);
        bytes = NiftiTempFolder.WithFloat(bytes, OffQuaternB, 0.9f);
        bytes = NiftiTempFolder.WithFloat(bytes, OffQuaternB + 4, 0.9f);
        string path = _temp.Write("quat.nii", bytes);
        AssertFails(path, "qform quaternion", () => NiftiReader.Read(path));
    }

    [Fact]
    public void ReadHeaderOfGzipDecompressesOnlyTheHeader()
    {
        // Header intact, then the gzip stream is cut inside the (large) data: the header reads, the volume does not.
        byte[] gz = NiftiTempFolder.Gzip(Pad(_good, 200_000));
        string path = _temp.Write("big-cut.nii.gz", gz[..(gz.Length / 2)]);
        var header = NiftiReader.ReadHeader(path);
        Assert.Equal((32767, 7, 1), (header.Nx, header.Ny, header.Nz));
        AssertFails(path, "gzip stream is truncated", () => NiftiReader.Read(path));
    }

    /// <summary>Fuzz regression (docs/reliability.md): a .nii.gz of 157 bytes whose header claims 1000 x 1000 x 1000 voxels
    /// allocated the 4 GB float array before reading found the data missing.</summary>
    [Fact]
    public void GzipTooSmallForItsDimensionsIsRefusedBeforeAllocating()
    {
        byte[] nii = _good;
        for (int axis = 1; axis <= 3; axis++) nii = NiftiTempFolder.WithInt16(nii, OffDim + 2 * axis, 1000);
        string path = _temp.Write("claims-a-gigavoxel.nii.gz", NiftiTempFolder.Gzip(nii));
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertFails(path, "more than a gzip file of", () => NiftiReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the voxel array was allocated");
    }

    /// <summary>Fuzz regression: a corrupt gzip stream that decompressed to the voxels and more was read without its CRC-32
    /// being checked (only one byte past the voxels was read); the stream is now read to its end.</summary>
    [Fact]
    public void GzipWithBadCrcAfterExtraDataIsRefused()
    {
        byte[] gz = NiftiTempFolder.Gzip([.. _good, .. new byte[5000]]);
        gz[^6] ^= 0xff; // inside the CRC32 of the trailer
        string path = _temp.Write("extra-then-bad-crc.nii.gz", gz);
        AssertFails(path, "gzip stream is corrupt", () => NiftiReader.Read(path));
    }

    /// <summary>Fuzz regression: a gzip stream cut inside its deflate data after the voxels (no final block, no trailer)
    /// read as a good volume: .NET's GZipStream ends quietly there and the CRC-32 is never reached.</summary>
    [Fact]
    public void GzipCutInsideTheDeflateDataAfterTheVoxelsIsRefused()
    {
        byte[] gz = NiftiTempFolder.Gzip([.. _good, .. new byte[5000]]);
        string path = _temp.Write("cut-after-voxels.nii.gz", gz[..^10]);
        AssertFails(path, "does not end as its trailer says", () => NiftiReader.Read(path));
    }

    [Fact]
    public void GzipOfSeveralMembersIsRefusedWithTheRemedy()
    {
        byte[] gz = NiftiTempFolder.Gzip(_good);
        string path = _temp.Write("two-members.nii.gz", [.. gz, .. gz]);
        AssertFails(path, "several gzip members (decompress it and compress it again as one)", () => NiftiReader.Read(path));
    }

    [Fact]
    public void GzipWithALittleExtraDataAfterTheVoxelsReads()
    {
        string path = _temp.Write("extra.nii.gz", NiftiTempFolder.Gzip([.. _good, .. new byte[5000]]));
        Assert.Equal(60, NiftiReader.Read(path).VoxelCount);
    }

    [Fact]
    public void GzipWithMoreThanAVolumeOfExtraDataIsRefused()
    {
        string path = _temp.Write("long-tail.nii.gz", NiftiTempFolder.Gzip([.. _good, .. new byte[(1 << 20) + 1]]));
        AssertFails(path, "after the voxel data", () => NiftiReader.Read(path));
    }

    [Fact]
    public void CancellationStopsTheRead()
    {
        string path = _temp.Write("good.nii", _good);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => NiftiReader.Read(path, cts.Token));
    }

    /// <summary>The good header with dims grown to hold at least <paramref name="voxels"/> uint8 voxels (nx at most 32767, then rows),
    /// followed by that much pseudo-random data (hard to compress).</summary>
    private static byte[] Pad(byte[] good, int voxels)
    {
        byte[] bytes = NiftiTempFolder.WithInt16(good, OffDim + 2, checked((short)Math.Min(voxels, short.MaxValue)));
        int nx = Math.Min(voxels, short.MaxValue), ny = (voxels + nx - 1) / nx;
        bytes = NiftiTempFolder.WithInt16(bytes, OffDim + 4, (short)ny);
        bytes = NiftiTempFolder.WithInt16(bytes, OffDim + 6, 1);
        var data = new byte[nx * ny];
        new Random(7).NextBytes(data);
        return [.. bytes.AsSpan(0, 352), .. data];
    }

    private static void AssertFails(string path, string problemPart, Action read)
    {
        var e = Assert.Throws<RemaskDataException>(read);
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problemPart, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
