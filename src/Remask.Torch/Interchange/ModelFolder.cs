using Remask.Core;
using Remask.Torch.Models;

namespace Remask.Torch.Interchange;

/// <summary>A trained model as a run folder holds it: model.json (architecture, training size) and model.pt (weights).</summary>
public static class ModelFolder
{
    /// <summary>Loads RUN/model.json and RUN/model.pt; the model is in evaluation mode.</summary>
    public static (UNetS Model, ModelInfo Info) Load(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) throw new RemaskDataException(runDirectory, "model folder not found");
        var info = ModelInfo.Read(runDirectory);
        string weights = Path.Combine(runDirectory, "model.pt"), json = Path.Combine(runDirectory, ModelInfo.FileName);
        if (!File.Exists(weights)) throw new RemaskDataException(weights, "weights file not found");
        // the network is built before its weights are read: first model.pt must be a readable archive (else it is the
        // one to blame), then a model.json that describes a larger network than model.pt holds (damaged widths) must not
        // get to allocate it
        long length;
        using (var stream = File.OpenRead(weights))
        {
            length = stream.Length;
            TorchArchive.Check(stream, weights, TorchArchive.LimitOfFile(length), "the weights");
        }
        long largest = LargestTensorBytes(info.Config);
        if (largest > length)
            throw new RemaskDataException(json, $"describes a network whose largest tensor alone needs {largest} bytes, more than {weights} holds ({length} bytes)");
        var model = new UNetS(info.Config);
        try { StateDictFile.Load(model, weights, json); }
        catch { model.Dispose(); throw; }
        model.eval();
        return (model, info);
    }

    /// <summary>Bytes of the largest weight tensor of U-Net-S with <paramref name="config"/> (a 3x3 convolution: the first
    /// one, one within a stage, or a decoder's first one on 2w channels), a bound that any file of its weights exceeds.</summary>
    internal static long LargestTensorBytes(UNetSConfig config)
    {
        long largest = (long)config.InChannels * config.Widths[0];
        for (int i = 0; i < config.Widths.Count; i++)
            largest = Math.Max(largest, (i < config.Depth ? 2L : 1L) * config.Widths[i] * config.Widths[i]);
        return largest * 9 * sizeof(float);
    }

    /// <summary>True when the folder holds a model description (model.json).</summary>
    public static bool IsModelFolder(string directory) => File.Exists(Path.Combine(directory, ModelInfo.FileName));
}
