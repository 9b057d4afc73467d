using System.Text.Json;
using Remask.Core.Formats;

namespace Remask.Core.Tests.Formats;

public sealed class NiftiWriterTests : IDisposable
{
    private readonly NiftiTempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<NiftiDatatype, string> EveryDatatypeAndCompression()
    {
        var data = new TheoryData<NiftiDatatype, string>();
        foreach (var dt in Enum.GetValues<NiftiDatatype>())
        {
            data.Add(dt, ".nii");
            data.Add(dt, ".nii.gz");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDatatypeAndCompression))]
    public void RoundTripKeepsValuesGeometryAndDatatype(NiftiDatatype datatype, string extension)
    {
        var volume = SampleVolume(datatype);
        string path = _temp.File("rt" + extension);
        NiftiWriter.Write(path, volume);
        var back = NiftiReader.Read(path);

        Assert.Equal((volume.Nx, volume.Ny, volume.Nz), (back.Nx, back.Ny, back.Nz));
        Assert.Equal(datatype, back.Datatype);
        Assert.Equal(volume.Values.ToArray(), back.Values.ToArray());
        AssertClose(volume.Spacing.X, back.Spacing.X, 1e-6);
        AssertClose(volume.Spacing.Z, back.Spacing.Z, 1e-6);
        Assert.True(volume.Affine.ApproximatelyEquals(back.Affine, 1e-4), $"{volume.Affine} vs {back.Affine}");
        byte[] head = File.ReadAllBytes(path)[..2];
        Assert.Equal(extension == ".nii.gz", head[0] == 0x1f && head[1] == 0x8b);
    }

    [Fact]
    public void WritesSformAndAnEquivalentQform()
    {
        var volume = SampleVolume(NiftiDatatype.Int16);
        string path = _temp.File("q.nii");
        NiftiWriter.Write(path, volume);
        var header = NiftiReader.ReadHeader(path);
        Assert.Equal((1, 1), ((int)header.SformCode, (int)header.QformCode));
        Assert.Equal(NiftiAffineSource.Sform, header.AffineSource);
        Assert.Equal(-1, header.Qfac); // the sample's third axis is flipped

        // Hide the sform: the reader falls back to the qform, which must describe the same affine.
        byte[] bytes = NiftiTempFolder.WithInt16(File.ReadAllBytes(path), 254, 0);
        var viaQform = NiftiReader.ReadHeader(_temp.Write("q-only.nii", bytes));
        Assert.Equal(NiftiAffineSource.Qform, viaQform.AffineSource);
        Assert.True(volume.Affine.ApproximatelyEquals(viaQform.Affine, 1e-5), $"{volume.Affine} vs {viaQform.Affine}");
    }

    [Fact]
    public void ShearedAffineOrOtherSpacingGetsNoQform()
    {
        var sheared = new Affine4x4([1, 0.3, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
        var v1 = new NiftiVolume(2, 2, 2, new VoxelSpacing(1, 1.0440306508910551, 1), sheared, NiftiDatatype.UInt8, new float[8]);
        NiftiWriter.Write(_temp.File("shear.nii"), v1);
        var h1 = NiftiReader.ReadHeader(_temp.File("shear.nii"));
        Assert.Equal(0, h1.QformCode);
        Assert.True(sheared.ApproximatelyEquals(h1.Affine, 1e-6));

        var v2 = new NiftiVolume(2, 2, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Diagonal(2, 2, 2), NiftiDatatype.UInt8, new float[8]);
        NiftiWriter.Write(_temp.File("spacing.nii"), v2);
        Assert.Equal(0, NiftiReader.ReadHeader(_temp.File("spacing.nii")).QformCode);
    }

    [Fact]
    public void ScaledFileWritesBackWithItsScaling()
    {
        var original = NiftiReader.Read(NiftiFixtures.PathOf("int16_scaled_lps.nii.gz"));
        string path = _temp.File("scaled.nii.gz");
        NiftiWriter.Write(path, original);
        var header = NiftiReader.ReadHeader(path);
        Assert.Equal((2f, -1024f), (header.SclSlope, header.SclInter));
        Assert.Equal(original.Values.ToArray(), NiftiReader.Read(path).Values.ToArray());
    }

    [Theory]
    [InlineData(NiftiDatatype.Int16, 1.5f)]
    [InlineData(NiftiDatatype.UInt8, 256f)]
    [InlineData(NiftiDatatype.UInt8, -1f)]
    [InlineData(NiftiDatatype.Int8, float.NaN)]
    [InlineData(NiftiDatatype.Int32, 2147483648f)]
    public void ValueTheDatatypeCannotHoldIsRefusedAndNothingIsLeftBehind(NiftiDatatype datatype, float bad)
    {
        var values = new float[24];
        values[13] = bad; // voxel (1, 0, 1) of 4x3x2
        var volume = new NiftiVolume(4, 3, 2, new VoxelSpacing(1, 1, 1), Affine4x4.Identity, datatype, values);
        string path = _temp.File("bad.nii.gz");
        var e = Assert.Throws<ArgumentException>(() => NiftiWriter.Write(path, volume));
        Assert.Contains("voxel (1, 0, 1)", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void OutputNameMustEndInNiiOrNiiGz()
    {
        var volume = SampleVolume(NiftiDatatype.UInt8);
        Assert.Throws<RemaskUsageException>(() => NiftiWriter.Write(_temp.File("volume.img"), volume));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void PartsOverloadWritesTheSameFile()
    {
        var volume = SampleVolume(NiftiDatatype.Float32);
        NiftiWriter.Write(_temp.File("a.nii"), volume);
        NiftiWriter.Write(_temp.File("b.nii"), volume.Nx, volume.Ny, volume.Nz, volume.Spacing, volume.Affine, volume.Datatype, volume.ToArray());
        Assert.Equal(File.ReadAllBytes(_temp.File("a.nii")), File.ReadAllBytes(_temp.File("b.nii")));
    }

    [Fact]
    public void ReplacesAnExistingFile()
    {
        string path = _temp.Write("old.nii", [1, 2, 3]);
        NiftiWriter.Write(path, SampleVolume(NiftiDatatype.UInt8));
        Assert.Equal(60, NiftiReader.Read(path).VoxelCount);
        Assert.Single(Directory.GetFileSystemEntries(_temp.Path));
    }

    public static TheoryData<string> WriterSamples() => new(NiftiWriterSamples.All().Select(s => s.Name));

    /// <summary>
    /// Our writer still makes the files that nibabel was shown (Fixtures/nifti/written/, checked by
    /// check_writer_output.py), and what nibabel read from them is the volume we meant to write.
    /// To refresh after a deliberate format change: REMASK_UPDATE_NIFTI_WRITER_FIXTURES=1 dotnet test ...,
    /// then run check_writer_output.py with /usr/bin/python3.
    /// </summary>
    [Theory]
    [MemberData(nameof(WriterSamples))]
    public void WriterOutputIsWhatNibabelChecked(string name)
    {
        var volume = NiftiWriterSamples.All().Single(s => s.Name == name).Volume;
        string committed = Path.Combine(NiftiFixtures.Folder, "written", name);
        if (Environment.GetEnvironmentVariable("REMASK_UPDATE_NIFTI_WRITER_FIXTURES") == "1")
            NiftiWriter.Write(committed, volume);

        string path = _temp.File(name);
        NiftiWriter.Write(path, volume);
        Assert.Equal(Decompressed(committed), Decompressed(path));

        using var doc = JsonDocument.Parse(File.ReadAllText(committed + ".json"));
        var nib = doc.RootElement;
        Assert.Equal(new[] { volume.Nx, volume.Ny, volume.Nz }, nib.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal((short)volume.Datatype, nib.GetProperty("datatype").GetInt16());
        var zooms = nib.GetProperty("zooms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        AssertClose(volume.Spacing.X, zooms[0], 1e-6);
        AssertClose(volume.Spacing.Y, zooms[1], 1e-6);
        AssertClose(volume.Spacing.Z, zooms[2], 1e-6);
        foreach (string which in new[] { "affine", "sform_affine", "qform_affine" })
        {
            if (nib.GetProperty(which).ValueKind == JsonValueKind.Null) continue;
            var rows = nib.GetProperty(which).EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 4; c++)
                    AssertClose(volume.Affine[r, c], rows[r][c], 2e-5, $"{which}[{r},{c}]");
        }
        Assert.Equal(NiftiWriter.QformFor(volume.Affine, volume.Spacing) is not null, nib.GetProperty("qform_code").GetInt32() == 1);
        Assert.Equal(1, nib.GetProperty("sform_code").GetInt32());
        var values = nib.GetProperty("values").EnumerateArray().ToArray();
        Assert.Equal(volume.VoxelCount, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i].ValueKind == JsonValueKind.String
                ? double.Parse(values[i].GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                : values[i].GetDouble();
            NiftiFixtures.AssertSameValue(v, volume.Values[i], $"{name} voxel {i}");
        }
    }

    /// <summary>5x4x3 values covering the datatype's range (its extremes included), an oblique affine with a flipped third axis.</summary>
    private static NiftiVolume SampleVolume(NiftiDatatype datatype)
    {
        var values = new float[60];
        if (NiftiDatatypes.IsInteger(datatype))
        {
            var (min, max) = NiftiDatatypes.IntegerRange(datatype);
            if (datatype == NiftiDatatype.Int32) max = 2147483520; // the largest float below 2^31
            for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Round(min + (max - min) * i / (values.Length - 1));
        }
        else
        {
            for (int i = 0; i < values.Length; i++) values[i] = (i - 30) * 1.37e-3f;
            values[7] = float.NaN;
            values[8] = float.NegativeInfinity;
            values[9] = -0f;
            values[10] = float.MaxValue;
        }
        double t = 0.3, c = Math.Cos(t), s = Math.Sin(t);
        var affine = new Affine4x4([c * 0.75, -s * 0.5, 0, -12.5, s * 0.75, c * 0.5, 0, 4, 0, 0, -2, 88]);
        return new NiftiVolume(5, 4, 3, new VoxelSpacing(0.75, 0.5, 2), affine, datatype, values);
    }

    private static byte[] Decompressed(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b ? NiftiTempFolder.Gunzip(bytes) : bytes;
    }

    private static void AssertClose(double expected, double actual, double tolerance, string what = "")
    {
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"{what} expected {expected}, got {actual}");
    }
}
