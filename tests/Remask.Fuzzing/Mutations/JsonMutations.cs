using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Remask.Core.Noise;

namespace Remask.Fuzzing.Mutations;

/// <summary>
/// JSON mutations that know the document's tree: a value replaced by one of another kind (null, numbers at the edges,
/// booleans, arrays, objects, long strings) or by one of the caller's hostile values (paths that leave the dataset), a
/// property removed or renamed, an array entry repeated, the root replaced, nesting deeper than parsers allow; and the
/// text itself mutated byte by byte.
/// </summary>
public static class JsonMutations
{
    private static readonly string[] GenericValues =
        ["null", "0", "-1", "1e308", "-1e308", "2147483648", "1.5", "true", "[]", "{}", "\"\"", "[1,2]", "{\"a\":null}", "\"x\""];

    /// <param name="hostile">Extra replacement values for this format (JSON text), e.g. paths that escape a folder.</param>
    public static Mutant Mutate(byte[] json, NoiseRandom random, IReadOnlyList<string> hostile)
    {
        JsonNode? root = JsonNode.Parse(json);
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        switch (random.NextInt(8))
        {
            case 0:
            case 1:
            case 2:
            {
                // a value (anywhere but the root) replaced
                var target = nodes.Where(n => n.Parent is not null).ToList() is { Count: > 0 } inner ? inner[random.NextInt(inner.Count)] : null;
                if (target is null) goto default;
                string text = random.Chance(0.6) && hostile.Count > 0 ? hostile[random.NextInt(hostile.Count)] : Generic(random);
                string path = target.GetPath();
                Replace(target, JsonNode.Parse(text));
                return Serialize(root, $"{path} = {Short(text)}");
            }
            case 3:
            {
                // a property removed or renamed
                var owners = nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList();
                if (owners.Count == 0) goto default;
                var o = owners[random.NextInt(owners.Count)];
                string name = o.ElementAt(random.NextInt(o.Count)).Key;
                if (random.Chance(0.5))
                {
                    o.Remove(name);
                    return Serialize(root, $"{o.GetPath()}.{name} removed");
                }
                var value = o[name];
                o.Remove(name);
                o[name.ToUpperInvariant() + "_"] = value;
                return Serialize(root, $"{o.GetPath()}.{name} renamed");
            }
            case 4:
            {
                // an array entry repeated many times
                var arrays = nodes.OfType<JsonArray>().Where(a => a.Count > 0).ToList();
                if (arrays.Count == 0) goto default;
                var a = arrays[random.NextInt(arrays.Count)];
                int times = new[] { 1, 10, 1000 }[random.NextInt(3)];
                string item = a[random.NextInt(a.Count)]?.ToJsonString() ?? "null";
                for (int i = 0; i < times; i++) a.Add(JsonNode.Parse(item));
                return Serialize(root, $"{a.GetPath()}: an entry repeated {times} times");
            }
            case 5:
            {
                // the root replaced, or wrapped in deep nesting
                if (random.Chance(0.5))
                {
                    string text = Generic(random);
                    return new Mutant(Encoding.UTF8.GetBytes(text), $"root = {Short(text)}", true);
                }
                int depth = new[] { 10, 64, 65, 1000 }[random.NextInt(4)];
                string nested = new string('[', depth) + Encoding.UTF8.GetString(json) + new string(']', depth);
                return new Mutant(Encoding.UTF8.GetBytes(nested), $"root nested in {depth} arrays", true);
            }
            default:
            {
                var (bytes, what) = ByteMutations.Any(json, random);
                return new Mutant(bytes, $"text: {what}", true);
            }
        }
    }

    private static string Generic(NoiseRandom random) =>
        random.Chance(0.1) ? JsonSerializer.Serialize(new string('a', 100_000)) : GenericValues[random.NextInt(GenericValues.Length)];

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        if (node is null) return;
        into.Add(node);
        if (node is JsonObject o) foreach (var (_, v) in o) Collect(v, into);
        if (node is JsonArray a) foreach (var v in a) Collect(v, into);
    }

    private static void Replace(JsonNode target, JsonNode? value)
    {
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = value;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = value;
                break;
        }
    }

    private static Mutant Serialize(JsonNode? root, string what) =>
        new(Encoding.UTF8.GetBytes(root?.ToJsonString() ?? "null"), what, true);

    private static string Short(string text) => text.Length > 60 ? text[..57] + "..." : text;
}
