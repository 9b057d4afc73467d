using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Remask.Core.Tests.Formats;

/// <summary>
/// The NIfTI fixtures in tests/Remask.Core.Tests/Fixtures/nifti/ (made by make_fixtures.py with nibabel) and
/// what nibabel read from them (expected/NAME.json). Found from this source file's folder, so no copy step is needed.
/// </summary>
internal static class NiftiFixtures
{
    public static string Folder { get; } = FindFolder();

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Every fixture that make_fixtures.py made.</summary>
    public static string[] NameList() =>
        Directory.GetFiles(Path.Combine(Folder, "expected"), "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Names() => new(NameList());

    public static Expected Load(string name) => Expected.Parse(File.ReadAllText(Path.Combine(Folder, "expected", name + ".json")));

    private static string FindFolder([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "nifti"));

    /// <summary>What nibabel says about one file.</summary>
    internal sealed record Expected(
        int[] Shape, short Datatype, bool BigEndian, double[] Zooms, double[,] Affine, double Slope, double Inter,
        double[] Values, double[][,] DisplaySlices)
    {
        public static Expected Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var affineRows = root.GetProperty("affine").EnumerateArray().Select(Numbers).ToArray();
            var affine = new double[4, 4];
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 4; c++)
                    affine[r, c] = affineRows[r][c];
            var slices = root.GetProperty("display_slices").EnumerateArray().Select(s =>
            {
                var rows = s.EnumerateArray().Select(Numbers).ToArray();
                var grid = new double[rows.Length, rows[0].Length];
                for (int r = 0; r < rows.Length; r++)
                    for (int c = 0; c < rows[0].Length; c++)
                        grid[r, c] = rows[r][c];
                return grid;
            }).ToArray();
            return new Expected(
                root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                root.GetProperty("datatype").GetInt16(),
                root.GetProperty("big_endian").GetBoolean(),
                Numbers(root.GetProperty("zooms")),
                affine,
                Number(root.GetProperty("slope")),
                Number(root.GetProperty("inter")),
                Numbers(root.GetProperty("values")),
                slices);
        }

        private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(Number).ToArray();

        /// <summary>A JSON number, or "NaN" / "Infinity" / "-Infinity" written as strings.</summary>
        private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
            ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture)
            : e.GetDouble();
    }

    /// <summary>The float that nibabel's float64 value rounds to, compared as our reader stores values.</summary>
    public static void AssertSameValue(double expected, float actual, string where)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(float.IsNaN(actual), $"{where}: expected NaN, got {actual}");
            return;
        }
        float want = (float)expected;
        Assert.True(want == actual, $"{where}: expected {want} (nibabel {expected}), got {actual}");
    }
}
