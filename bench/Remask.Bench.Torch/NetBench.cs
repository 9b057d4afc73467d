using System.Diagnostics;
using Remask.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Bench.Torch;

/// <summary>
/// U-Net-S: eval-mode forward vs a training step (forward, loss, backward, Adam), measured alternately in
/// the same loop so that load from other processes hits both alike; the ratio is taken per repetition.
/// </summary>
internal static class NetBench
{
    public static void Run(int size, int batch, int reps, bool channelsLast, bool scope)
    {
        torch.manual_seed(1);
        var model = new UNetS(new UNetSConfig(3)) { ChannelsLast = channelsLast };
        var adam = optim.Adam(model.parameters(), 1e-3);
        var x = rand(batch, 3, size, size);
        var y = rand(batch, 1, size, size).gt(0.5).to(ScalarType.Float32);

        var evalNoGrad = new List<double>(); var evalInf = new List<double>();
        var fwd = new List<double>(); var bwd = new List<double>(); var stp = new List<double>(); var total = new List<double>();
        var ratio = new List<double>();
        for (int r = -2; r < reps; r++) // two warm-up rounds
        {
            model.eval();
            double e1 = Timed(() => { using var s = scope ? NewDisposeScope() : null; using var g = no_grad(); model.call(x); });
            double e2 = Timed(() => { using var s = scope ? NewDisposeScope() : null; using var g = inference_mode(); model.call(x); });
            model.train();
            var sw = Stopwatch.StartNew();
            double f, b, o;
            using (var s = scope ? NewDisposeScope() : null)
            {
                adam.zero_grad();
                var logits = model.call(x);
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, y);
                f = sw.Elapsed.TotalMilliseconds;
                loss.backward();
                b = sw.Elapsed.TotalMilliseconds - f;
                adam.step();
                o = sw.Elapsed.TotalMilliseconds - f - b;
            }
            double t = sw.Elapsed.TotalMilliseconds;
            if (r < 0) continue;
            evalNoGrad.Add(e1); evalInf.Add(e2); fwd.Add(f); bwd.Add(b); stp.Add(o); total.Add(t); ratio.Add(t / e1);
        }
        Console.WriteLine($"(ms per batch of {batch}: median [min..max] over {reps})");
        Console.WriteLine($"eval forward, no_grad         {S(evalNoGrad)}   {batch * 1000 / Med(evalNoGrad),6:F0} images/s");
        Console.WriteLine($"eval forward, inference_mode  {S(evalInf)}");
        Console.WriteLine($"train: forward + loss         {S(fwd)}");
        Console.WriteLine($"train: backward               {S(bwd)}");
        Console.WriteLine($"train: Adam step              {S(stp)}");
        Console.WriteLine($"train step total              {S(total)}   {batch * 1000 / Med(total),6:F0} images/s");
        Console.WriteLine($"ratio step / eval forward     {S(ratio, "F2")}   (per repetition)");
    }

    private static double Timed(Action f) { var sw = Stopwatch.StartNew(); f(); return sw.Elapsed.TotalMilliseconds; }

    private static double Med(List<double> v) { var s = v.Order().ToArray(); return s[s.Length / 2]; }

    private static string S(List<double> v, string fmt = "F1")
    {
        var s = v.Order().ToArray();
        return $"{s[s.Length / 2].ToString(fmt),7} [{s[0].ToString(fmt)}..{s[^1].ToString(fmt)}]".PadRight(28);
    }
}
