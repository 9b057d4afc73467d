using System.IO.Compression;
using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>Binary volumes written as copies of their source (files written by nibabel): same header bytes, 0/1 voxels.</summary>
public class NiftiMaskWriterTests
{
    private static byte[] Decompressed(string path)
    {
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData("uint8_labels_nibabel.nii.gz", "out.nii.gz")]
    [InlineData("int32_bigendian_noxform.nii.gz", "out.nii")]
    [InlineData("float32_extension.nii", "out.nii.gz")]
    public void The_copy_keeps_every_header_byte_and_reads_back_as_the_mask(string fixture, string outName)
    {
        using var d = new TempDir();
        string source = NiftiFixtures.PathOf(fixture);
        var header = NiftiReader.ReadHeader(source);
        var mask = new byte[header.VoxelCount];
        for (int i = 0; i < mask.Length; i++) mask[i] = (byte)(i % 3 == 0 ? 1 : 0);

        NiftiMaskWriter.WriteLike(source, d[outName], mask);

        int offset = (int)header.VoxOffset;
        Assert.Equal(Decompressed(source)[..offset], Decompressed(d[outName])[..offset]);
        var back = NiftiLabels.Read(d[outName]);
        Assert.Equal(mask.Select(b => (float)b), back.Values.ToArray());
        Assert.Equal(NiftiReader.Read(source).Affine, back.Affine);
    }

    [Fact]
    public void A_mask_of_the_wrong_size_is_refused_and_nothing_is_written()
    {
        using var d = new TempDir();
        Assert.Throws<ArgumentException>(() => NiftiMaskWriter.WriteLike(NiftiFixtures.PathOf("uint8_labels_nibabel.nii.gz"), d["x.nii.gz"], new byte[3]));
        Assert.Empty(Directory.GetFileSystemEntries(d.Path));
    }
}
