using Remask.Core;
using Remask.Core.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Remask.Torch.Interchange;

/// <summary>
/// Model weights in PyTorch's own file format (what <c>torch.save(model.state_dict(), path)</c> writes: a zip
/// archive with <c>data.pkl</c> and one entry per tensor storage), written and read with TorchSharp.PyBridge.
/// PyTorch reads it with <c>torch.load(path)</c> into interop/python/remask_unet.py's module (checked with PyTorch 1.13,
/// docs/training.md, "Checked against PyTorch"); a state_dict that torch.save wrote loads here if its tensors are
/// contiguous.
/// </summary>
public static class StateDictFile
{
    /// <summary>
    /// Writes <paramref name="module"/>'s parameters and buffers to <paramref name="path"/>, atomically, in the format
    /// of <c>torch.save(module.state_dict(), path)</c>.
    /// </summary>
    public static void Save(nn.Module module, string path) =>
        AtomicOutput.WriteFile(path, stream => module.save_py(stream, leaveOpen: true));

    /// <summary>Loads weights into <paramref name="module"/>: the file must hold exactly the module's parameters
    /// and buffers, with the same shapes (checked before anything is copied). A missing, truncated, damaged (zip CRC-32)
    /// or foreign file is a <see cref="RemaskDataException"/> (the archive is checked first: <see cref="TorchArchive"/>).</summary>
    public static void Load(nn.Module module, string path) => Load(module, path, null);

    /// <param name="module">The module whose parameters and buffers receive the weights.</param>
    /// <param name="path">The weights file (model.pt).</param>
    /// <param name="describedBy">The file that describes the module's architecture (model.json), named when the weights
    /// do not fit it.</param>
    internal static void Load(nn.Module module, string path, string? describedBy)
    {
        if (!File.Exists(path)) throw new RemaskDataException(path, "weights file not found");
        System.Collections.Hashtable loaded;
        using (var stream = File.OpenRead(path))
        {
            TorchArchive.Check(stream, path, Math.Min(TorchArchive.Limit(TensorBytes(module)), TorchArchive.LimitOfFile(stream.Length)), "the weights");
            try
            {
                loaded = NoCollection.During(() => PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // TorchSharp.PyBridge 1.4.4 reads only tensors that fill their storage in row-major order ("Bytes() called on
                // non-contiguous tensor"); torch.save keeps other strides, for example a channels_last model's weights.
                string remedy = e.Message.Contains("non-contiguous", StringComparison.OrdinalIgnoreCase)
                    ? "; a tensor is stored with other strides than row-major (a channels_last model?): save "
                      + "{k: v.contiguous() for k, v in model.state_dict().items()}, as interop/python/remask_unet.py's save() does"
                    : "";
                throw new RemaskDataException(path, $"cannot read the weights ({OneLine(e.Message)}){remedy}", e);
            }
        }
        try
        {
            CopyInto(module, loaded, path, describedBy);
        }
        finally
        {
            foreach (object? value in loaded.Values) (value as Tensor)?.Dispose();   // also when refused: no tensor waits for a finalizer
        }
    }

    /// <summary>Checks that <paramref name="loaded"/> holds exactly the module's tensors with their shapes, then copies them in.</summary>
    private static void CopyInto(nn.Module module, System.Collections.Hashtable loaded, string path, string? describedBy)
    {
        string another = describedBy is null ? "another architecture?" : $"not the network {describedBy} describes?";
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !loaded.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new RemaskDataException(path, $"{missing.Count} tensor(s) missing, e.g. '{missing[0]}' ({another})");
        var extra = loaded.Keys.Cast<object>().Select(k => k.ToString()!).Where(k => !target.ContainsKey(k)).ToList();
        if (extra.Count > 0) throw new RemaskDataException(path, $"{extra.Count} unexpected tensor(s), e.g. '{extra[0]}' ({another})");
        foreach (var (name, t) in target)
        {
            if (loaded[name] is not Tensor source) throw new RemaskDataException(path, $"'{name}' is not a tensor");
            if (!source.shape.SequenceEqual(t.shape))
                throw new RemaskDataException(path, $"'{name}' has shape [{string.Join(", ", source.shape)}], the model needs [{string.Join(", ", t.shape)}]" + (describedBy is null ? "" : $" ({another})"));
        }
        using (no_grad())
        {
            foreach (var (name, t) in target)
            {
                // the converted tensor is held in a variable until copy_ returns: a temporary passed straight in could be
                // finalized, and freed, while libtorch copies from it (a segfault in copy_ignoring_overlaps, found by the fuzzer)
                using var converted = ((Tensor)loaded[name]!).to(t.dtype);
                t.copy_(converted);
            }
        }
    }

    /// <summary>Bytes of every tensor of <paramref name="module"/>'s state_dict (what a file of its weights holds).</summary>
    internal static long TensorBytes(nn.Module module) => module.state_dict().Values.Sum(t => t.NumberOfElements * t.ElementSize);

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
