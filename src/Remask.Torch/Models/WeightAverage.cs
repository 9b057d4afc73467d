using TorchSharp;
using Remask.Torch.Interchange;
using static TorchSharp.torch;

namespace Remask.Torch.Models;

/// <summary>
/// The uniform average of several weight files of one architecture (snapshots of one run at consecutive epochs, as
/// stochastic weight averaging averages them): every floating-point parameter and buffer of the result is
///
///     w = (1 / M) sum_m w_m
///
/// BatchNorm's running mean and variance are averaged the same way (an approximation: SWA recomputes them with a pass
/// over the training data); integer buffers (num_batches_tracked) keep the value of the last file.
/// </summary>
public static class WeightAverage
{
    /// <summary>Loads the files (oldest first) and writes their average into <paramref name="target"/>, whose own weights
    /// are replaced. One file copies it; none leaves the target unchanged.</summary>
    public static void Into(UNetS target, IReadOnlyList<string> files)
    {
        if (files.Count == 0) return;
        var sums = new Dictionary<string, Tensor>();
        // Every number handed to libtorch is an explicit Scalar kept alive through the call (ScalarSafeAdam says why).
        using var one = 1.0.ToScalar();
        using var count = ((double)files.Count).ToScalar();
        using var scratch = new UNetS(target.Config);
        try
        {
            foreach (string file in files)
            {
                StateDictFile.Load(scratch, file);
                foreach (var (name, t) in scratch.state_dict())
                {
                    if (!t.is_floating_point()) continue;
                    using var d = t.detach().to(ScalarType.Float64);
                    if (sums.TryGetValue(name, out var sum)) sum.add_(d, one);
                    else sums[name] = d.clone();
                }
            }
            using var _ = no_grad();
            var last = scratch.state_dict();
            foreach (var (name, t) in target.state_dict())
            {
                if (sums.TryGetValue(name, out var sum))
                {
                    using var mean = sum.div(count).to(t.dtype);
                    t.copy_(mean);
                }
                else
                {
                    t.copy_(last[name]);
                }
            }
        }
        finally
        {
            foreach (var s in sums.Values) s.Dispose();
        }
    }
}
