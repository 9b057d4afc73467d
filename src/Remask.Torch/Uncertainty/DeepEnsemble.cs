using Remask.Core;
using Remask.Torch.Data;
using Remask.Torch.Inference;
using Remask.Torch.Interchange;
using Remask.Torch.Models;

namespace Remask.Torch.Uncertainty;

/// <summary>
/// A deep ensemble (Lakshminarayanan et al. 2017): M models of the same architecture trained from different seeds
/// (<see cref="EnsembleTraining"/>); sample m of an image is member m's prediction in evaluation mode. Owns its members.
/// </summary>
public sealed class DeepEnsemble : IBatchSampler, IDisposable
{
    /// <summary>The member models; sample m of an image is member m's prediction.</summary>
    public IReadOnlyList<UNetS> Members { get; }
    /// <inheritdoc/>
    public string Method => "ensemble";
    /// <inheritdoc/>
    /// <remarks>M, the number of members.</remarks>
    public int Samples => Members.Count;
    /// <inheritdoc/>
    public int Channels { get; }
    /// <summary>The training size S of every member.</summary>
    public int Size { get; }

    private readonly bool _owns;

    /// <summary>An ensemble that owns <paramref name="members"/> (disposing it disposes them).</summary>
    /// <param name="members">At least 2 models taking the same input channels.</param>
    /// <param name="size">Their training size S.</param>
    /// <exception cref="RemaskUsageException">Fewer than 2 members, or members taking other channels.</exception>
    public DeepEnsemble(IReadOnlyList<UNetS> members, int size) : this(members, size, minimum: 2, owns: true) { }

    private DeepEnsemble(IReadOnlyList<UNetS> members, int size, int minimum, bool owns)
    {
        _owns = owns;
        if (members.Count < minimum) throw new RemaskUsageException($"an ensemble needs at least {minimum} members, got {members.Count}");
        Channels = members[0].Config.InChannels;
        if (members.Any(m => m.Config.InChannels != Channels)) throw new RemaskUsageException("ensemble members take different numbers of input channels");
        Members = members;
        Size = size;
    }

    /// <summary>A committee of one or more models that the caller keeps owning (disposing it leaves them alone): the
    /// in-sample vote of cross-fitted relabeling (<see cref="Core.Relabeling.CommitteeVeto"/>).</summary>
    public static DeepEnsemble Committee(IReadOnlyList<UNetS> members, int size) => new(members, size, minimum: 1, owns: false);

    /// <summary>Loads every member run folder (a subfolder holding model.json) of <paramref name="folder"/>, in
    /// ordinal order of their names. All members must take the same channels and training size.</summary>
    public static DeepEnsemble Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new RemaskDataException(folder, "ensemble folder not found");
        var dirs = Directory.GetDirectories(folder).Where(ModelFolder.IsModelFolder).Order(StringComparer.Ordinal).ToList();
        if (dirs.Count < 2) throw new RemaskDataException(folder, $"an ensemble folder needs at least 2 member run folders (subfolders with {ModelInfo.FileName}), found {dirs.Count}");
        var members = new List<UNetS>();
        try
        {
            int? size = null;
            foreach (string dir in dirs)
            {
                var (model, info) = ModelFolder.Load(dir);
                members.Add(model);
                if (size is not null && info.Size != size) throw new RemaskDataException(dir, $"member was trained at size {info.Size}, the first member at {size}");
                if (model.Config.InChannels != members[0].Config.InChannels)
                    throw new RemaskDataException(dir, $"member takes {model.Config.InChannels} channel(s), the first member {members[0].Config.InChannels}");
                size = info.Size;
            }
            return new DeepEnsemble(members, size!.Value);
        }
        catch
        {
            foreach (var m in members) m.Dispose();
            throw;
        }
    }

    /// <summary>B x M x S x S: member m's probabilities as sample m.</summary>
    public float[] Sample(Batch batch, CancellationToken cancellation = default)
    {
        int b = batch.Count, m = Members.Count, plane = batch.Size * batch.Size;
        var result = new float[b * m * plane];
        for (int j = 0; j < m; j++)
        {
            cancellation.ThrowIfCancellationRequested();
            float[] probs;
            using (ModelModes.Evaluation(Members[j])) probs = ModelInference.Probabilities(Members[j], batch);
            for (int i = 0; i < b; i++)
                probs.AsSpan(i * plane, plane).CopyTo(result.AsSpan((i * m + j) * plane, plane));
        }
        return result;
    }

    /// <summary>
    /// Disposes the members, unless the ensemble is a <see cref="Committee"/> (the caller owns those).
    /// </summary>
    public void Dispose()
    {
        if (!_owns) return;
        foreach (var m in Members) m.Dispose();
    }
}
