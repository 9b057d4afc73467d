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
    /// <summary>The file's name in a run folder: <c>model.json</c>.</summary>
    public const string FileName = "model.json";
    /// <summary>
    /// The value of <see cref="Format"/> that marks a Remask U-Net-S description: <c>remask.unet-s</c>.
    /// </summary>
    public const string FormatName = "remask.unet-s";

    /// <summary>The description's format; <see cref="Read"/> refuses anything but <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;
    /// <summary>The format's version; 1 is the only one this Remask reads.</summary>
    public int Version { get; init; } = 1;
    /// <summary>Channels of the input image (3 for RGB, 1 for CT).</summary>
    public int InChannels { get; init; }
    /// <summary>Encoder stage widths then the bottleneck width (<see cref="UNetSConfig.Widths"/>).</summary>
    public IReadOnlyList<int> Widths { get; init; } = UNetSConfig.ReferenceWidths;
    /// <summary>The spatial dropout rate the model was built with, in [0, 1).</summary>
    public double DropoutP { get; init; } = 0.2;
    /// <summary>Images are resized to Size x Size before the network.</summary>
    public int Size { get; init; }
    /// <summary>The probability at or above which a pixel counts as foreground when predicting.</summary>
    public double Threshold { get; init; } = 0.5;
    /// <summary>Epochs the weights were trained for.</summary>
    public int Epoch { get; init; }

    /// <summary>The architecture these fields describe.</summary>
    public UNetSConfig Config => new(InChannels, Widths, DropoutP);

    /// <summary>Writes <c>model.json</c> into <paramref name="directory"/> (atomically).</summary>
    public void Write(string directory) =>
        AtomicOutput.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json.Options) + "\n");

    /// <summary>
    /// Reads <c>model.json</c> from <paramref name="directory"/> and checks it: the format, the version, the
    /// architecture and a size that fits the network.
    /// </summary>
    /// <exception cref="RemaskDataException">Missing, not JSON, another format or version, or inconsistent.</exception>
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
