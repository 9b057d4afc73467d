using Remask.Torch.Models;
using Remask.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Bench.Torch;

/// <summary>
/// Reproduces the implicit-Scalar race quickly: train-mode BatchNorm forwards and Adam steps on tiny tensors on this
/// thread while another thread allocates garbage and forces collections (so finalizers run during native calls).
/// impl=torchsharp uses TorchSharp's BatchNorm2d and Adam, impl=remask Remask's BatchNorm and ScalarSafeAdam.
/// Prints the number of iterations and the first error, if any.
/// </summary>
internal static class ScalarStress
{
    public static void Run(string impl, int iterations)
    {
        bool ours = impl == "remask";
        using nn.Module<Tensor, Tensor> bn = ours ? new BatchNorm(4) : nn.BatchNorm2d(4);
        using var p = new TorchSharp.Modules.Parameter(randn(8));
        using TorchSharp.Modules.OptimizerHelper adam = ours ? new ScalarSafeAdam([p], 1e-3) : optim.Adam([p], 1e-3);
        using var x = randn(2, 4, 3, 3);
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var junk = new byte[64 << 10];
                GC.KeepAlive(junk);
                GC.Collect();
            }
        });
        int done = 0;
        string? error = null;
        try
        {
            for (; done < iterations; done++)
            {
                using var scope = NewDisposeScope();
                bn.call(x);
                adam.zero_grad();
                (p * p).sum().backward();
                adam.step();
            }
        }
        catch (Exception e) { error = e.Message.Split('\n')[0]; }
        stop.Cancel();
        collector.Wait();
        long tracked = bn.state_dict()["num_batches_tracked"].item<long>();
        Console.WriteLine($"impl={impl}: {done} of {iterations} iterations, num_batches_tracked {tracked}{(error is null ? ", no error" : ", error: " + error)}");
    }
}
