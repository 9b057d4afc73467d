using System.Buffers.Binary;
using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

/// <summary>The block decoder on every value of the small types, both byte orders, with and without scaling.</summary>
public class NiftiVoxelCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryInt16DecodesToItself(bool bigEndian)
    {
        int n = 65536 + 7; // not a multiple of the SIMD width
        var raw = new byte[2 * n];
        for (int i = 0; i < n; i++)
        {
            short v = (short)(i - 32768);
            if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(raw.AsSpan(2 * i), v);
            else BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), v);
        }
        var dest = new float[n];
        NiftiVoxelCodec.Decode(raw, NiftiDatatype.Int16, swap: bigEndian == BitConverter.IsLittleEndian, scaled: false, 1, 0, dest);
        for (int i = 0; i < n; i++) Assert.Equal((float)(short)(i - 32768), dest[i]);
    }

    [Fact]
    public void EveryUInt8DecodesToItself()
    {
        var raw = new byte[256 * 3 + 5];
        for (int i = 0; i < raw.Length; i++) raw[i] = (byte)i;
        var dest = new float[raw.Length];
        NiftiVoxelCodec.Decode(raw, NiftiDatatype.UInt8, swap: false, scaled: false, 1, 0, dest);
        for (int i = 0; i < raw.Length; i++) Assert.Equal(i % 256, dest[i]);
    }

    [Fact]
    public void ScalingIsSlopeTimesStoredPlusIntercept()
    {
        var raw = new byte[2 * 40];
        for (int i = 0; i < 40; i++) BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), (short)(i * 100 - 2000));
        var dest = new float[40];
        NiftiVoxelCodec.Decode(raw, NiftiDatatype.Int16, swap: !BitConverter.IsLittleEndian, scaled: true, 0.5, -1024, dest);
        for (int i = 0; i < 40; i++) Assert.Equal((i * 100 - 2000) * 0.5f - 1024f, dest[i]);
    }

    [Fact]
    public void VolumeSpanningSeveralReadBlocksRoundTrips()
    {
        // 100 x 100 x 60 int16 = 1.2 MB of voxel data: more than one 1 MiB read block, and a block ends mid-slice.
        var values = new float[100 * 100 * 60];
        for (int i = 0; i < values.Length; i++) values[i] = (int)((long)i * 7919 % 65536) - 32768;
        var folder = new NiftiTempFolder();
        try
        {
            string path = folder.File("big.nii.gz");
            NiftiWriter.Write(path, 100, 100, 60, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, NiftiDatatype.Int16, values);
            Assert.Equal(values, NiftiReader.Read(path).Values.ToArray());
        }
        finally
        {
            folder.Dispose();
        }
    }
}
