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
        var model = new UNetS(info.Config);
        try { StateDictFile.Load(model, Path.Combine(runDirectory, "model.pt")); }
        catch { model.Dispose(); throw; }
        model.eval();
        return (model, info);
    }

    /// <summary>True when the folder holds a model description (model.json).</summary>
    public static bool IsModelFolder(string directory) => File.Exists(Path.Combine(directory, ModelInfo.FileName));
}
