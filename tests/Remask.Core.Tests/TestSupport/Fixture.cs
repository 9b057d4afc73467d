using System.Text.Json;

namespace Remask.Core.Tests.TestSupport;

/// <summary>Reads the reference values made by Fixtures/MaskTools/make_fixtures.py (scipy, skimage, numpy).</summary>
internal static class Fixture
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static T Load<T>(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "MaskTools", name + ".json");
        return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
            ?? throw new InvalidOperationException($"{path}: empty fixture");
    }
}
