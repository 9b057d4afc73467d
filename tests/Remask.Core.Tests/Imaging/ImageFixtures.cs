using System.Text.Json;

namespace Remask.Core.Tests.Imaging;

/// <summary>The files in Fixtures/Imaging (see make_image_fixtures.py there) and their manifests.</summary>
internal static class ImageFixtures
{
    public static string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IReadOnlyList<PngCase> PngCases { get; } =
        JsonSerializer.Deserialize<List<PngCase>>(File.ReadAllText(PathOf("png_cases.json")), Json)!;

    public static IReadOnlyList<JpegCase> JpegCases { get; } =
        JsonSerializer.Deserialize<List<JpegCase>>(File.ReadAllText(PathOf("jpeg_cases.json")), Json)!;

    public static PngCase Png(string file) => PngCases.Single(c => c.File == file);

    public static JpegCase Jpeg(string file) => JpegCases.Single(c => c.File == file);

    /// <summary>Little-endian uint16 samples.</summary>
    public static ushort[] ReadUInt16(string name)
    {
        byte[] b = File.ReadAllBytes(PathOf(name));
        var v = new ushort[b.Length / 2];
        for (int i = 0; i < v.Length; i++) v[i] = (ushort)(b[2 * i] | b[2 * i + 1] << 8);
        return v;
    }

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>A fresh temporary folder for a test, deleted by Dispose.</summary>
    public static TempDir Temp() => new();

    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("remask-imaging-").FullName;

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string Write(string name, byte[] bytes)
        {
            string p = File(name);
            System.IO.File.WriteAllBytes(p, bytes);
            return p;
        }

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}

public sealed record PngCase(
    string File, int Width, int Height, int Channels, int BitDepth, int MaxValue, string Samples,
    int FileBitDepth, int ColorType, bool Interlaced, int[] Filters, int IdatChunks, string Writer, string Note,
    string? Indices, int? IndexMaxValue)
{
    public override string ToString() => File;
}

public sealed record JpegCase(string File, int Width, int Height, int Channels, string Expected, bool Progressive, string Note, string? SourceMask)
{
    public override string ToString() => File;
}
