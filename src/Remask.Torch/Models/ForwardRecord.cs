using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// What a forward pass of <see cref="UNetSFunctional"/> leaves for <see cref="UNetSTangent.Along"/>, the pass with
/// tangents that reuses it: by layer name, the input of every convolution (<c>down.0.0.in</c>, <c>up.1.in</c>,
/// <c>head.in</c>) and BatchNorm (<c>down.0.1.in</c>, the convolution's output before normalisation), the output of
/// every ReLU (<c>down.0.1.relu</c>), the argmax of every max-pool (<c>pool.0</c>) and the mask of every spatial dropout
/// (<c>drop.0</c>, N x C x 1 x 1; absent when dropout is off). The tensors are detached views of the pass's own
/// activations (no copies: the autograd graph of a training step keeps them anyway) and are owned by the record until it
/// is disposed.
/// </summary>
public sealed class ForwardRecord : IDisposable
{
    private readonly Dictionary<string, Tensor> _saved = [];

    internal void Save(string key, Tensor t) => _saved[key] = t.detach().DetachFromDisposeScope();

    internal Tensor this[string key] => _saved.TryGetValue(key, out var t) ? t
        : throw new ArgumentException($"the forward record has no '{key}' (recorded by another network or mode?)");

    internal bool Has(string key) => _saved.ContainsKey(key);

    /// <summary>Disposes the recorded tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _saved.Values) t.Dispose();
        _saved.Clear();
    }
}
