using System.Text.Json;
using Remask.Core;
using Remask.Core.IO;
using Remask.Torch.Models;

namespace Remask.Torch.Interchange;

/// <summary>
/// model.json beside model.pt: what a state_dict alone does not say (the architecture's parameters, the
/// input size the model was trained at and the decision threshold).
/// </summary>
public sealed record ModelInfo
{
    public const string FileName = "model.json";
    public const string FormatName = "remask.unet-s";

    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = 1;
    public int InChannels { get; init; }
    public IReadOnlyList<int> Widths { get; init; } = UNetSConfig.ReferenceWidths;
    public double DropoutP { get; init; } = 0.2;
    /// <summary>Images are resized to Size x Size before the network.</summary>
    public int Size { get; init; }
    public double Threshold { get; init; } = 0.5;
    /// <summary>Epochs the weights were trained for.</summary>
    public int Epoch { get; init; }

    public UNetSConfig Config => new(InChannels, Widths, DropoutP);

    public void Write(string directory) =>
        AtomicOutput.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json.Options) + "\n");

    public static ModelInfo Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new RemaskDataException(path, "not found (is this a Remask run folder?)");
        ModelInfo? info;
        try { info = JsonSerializer.Deserialize<ModelInfo>(File.ReadAllText(path), Json.Options); }
        catch (JsonException e) { throw new RemaskDataException(path, $"not a valid model description ({e.Message})"); }
        if (info is null || info.Format != FormatName) throw new RemaskDataException(path, $"not a {FormatName} model description");
        if (info.Version != 1) throw new RemaskDataException(path, $"model description version {info.Version} is newer than this Remask understands (1)");
        try { _ = info.Config; }
        catch (ArgumentException e) { throw new RemaskDataException(path, e.Message); }
        if (info.Size < 1 || info.Size % info.Config.SizeMultiple != 0) throw new RemaskDataException(path, $"size {info.Size} does not fit the network");
        return info;
    }
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
