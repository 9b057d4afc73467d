using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>
/// Saves what a training step's outcome depends on besides the parameters (every buffer of the model: BatchNorm's
/// running_mean, running_var and num_batches_tracked; torch's generator state; the training flag, Monte Carlo
/// dropout and its row seeds) and puts it back on <see cref="Dispose"/>. The trainer wraps the
/// <see cref="IPixelWeighting"/> call in one, so that the call cannot change the step that follows.
/// </summary>
internal sealed class StepIsolation : IDisposable
{
    private readonly UNetS _model;
    private readonly List<(Tensor Buffer, Tensor Saved)> _buffers;
    private readonly Tensor _rng;
    private readonly bool _training, _dropout;
    private readonly long[]? _rowSeeds;

    public StepIsolation(UNetS model)
    {
        _model = model;
        using (no_grad()) _buffers = model.buffers().Select(b => (b, b.clone())).ToList();
        _rng = get_rng_state();
        _training = model.training;
        _dropout = model.DropoutAtInference;
        _rowSeeds = model.DropoutRowSeeds;
    }

    /// <summary>Keeps the state as it is now: <see cref="Dispose"/> then only frees the saved copies.</summary>
    public void Keep() => _keep = true;

    private bool _keep;

    public void Dispose()
    {
        if (_keep)
        {
            foreach (var (_, saved) in _buffers) saved.Dispose();
            _rng.Dispose();
            return;
        }
        using (no_grad())
            foreach (var (buffer, saved) in _buffers)
            {
                buffer.copy_(saved);
                saved.Dispose();
            }
        set_rng_state(_rng);
        _rng.Dispose();
        _model.DropoutAtInference = _dropout;
        _model.DropoutRowSeeds = _rowSeeds;
        _model.train(_training);
    }
}
