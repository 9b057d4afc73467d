using Remask.Core;
using Remask.Core.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Remask.Torch.Interchange;

/// <summary>
/// Model weights in PyTorch's own file format (what <c>torch.save(model.state_dict(), path)</c> writes: a zip
/// archive with <c>data.pkl</c> and one entry per tensor storage), written and read with TorchSharp.PyBridge.
/// Python reads it with <c>torch.load(path)</c> and <c>model.load_state_dict(...)</c> (docs/training.md).
/// </summary>
public static class StateDictFile
{
    public static void Save(nn.Module module, string path) =>
        AtomicOutput.WriteFile(path, stream => module.save_py(stream, leaveOpen: true));

    /// <summary>Loads weights into <paramref name="module"/>; every parameter and buffer must be present with
    /// the right shape. A missing, truncated or foreign file is a <see cref="RemaskDataException"/>.</summary>
    public static void Load(nn.Module module, string path)
    {
        if (!File.Exists(path)) throw new RemaskDataException(path, "weights file not found");
        try
        {
            using var stream = File.OpenRead(path);
            module.load_py(stream, strict: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new RemaskDataException(path, $"cannot read the weights ({OneLine(e.Message)})", e);
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
