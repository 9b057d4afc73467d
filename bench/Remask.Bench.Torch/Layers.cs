using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Remask.Bench.Torch;

/// <summary>Forward and backward time of single layers with U-Net-S's shapes.</summary>
internal static class Layers
{
    public static void Run(int batch, int reps, bool channelsLast)
    {
        Console.WriteLine($"layer                         fwd(no_grad)  fwd(grad)  backward  bwd/fwd   (ms, median of {reps})");
        foreach (var (cin, cout, s) in new[] { (3, 16, 64), (16, 16, 64), (32, 16, 64), (16, 32, 32), (32, 32, 32), (64, 64, 16), (128, 128, 8), (256, 256, 4) })
        {
            var conv = nn.Conv2d(cin, cout, 3, padding: 1, bias: false);
            var x = randn(batch, cin, s, s);
            if (channelsLast) { x = ToChannelsLast(x); }
            x.requires_grad = true;
            double fNo = Median(reps, () => { using var d = NewDisposeScope(); using var g = no_grad(); conv.call(x); });
            double fGrad = Median(reps, () => { using var d = NewDisposeScope(); conv.call(x); });
            double total = Median(reps, () => { using var d = NewDisposeScope(); conv.zero_grad(); x.grad?.zero_(); var y = conv.call(x); y.sum().backward(); });
            double bwd = total - fGrad;
            Console.WriteLine($"conv3x3 {cin,3}->{cout,3} at {s,3}x{s,-3}       {fNo,8:F2}  {fGrad,9:F2}  {bwd,8:F2}  {bwd / fNo,6:F1}");
        }
        foreach (var (c, s) in new[] { (16, 64), (32, 32) })
        {
            var bn = nn.BatchNorm2d(c);
            var x = randn(batch, c, s, s, requires_grad: true);
            double f = Median(reps, () => { using var d = NewDisposeScope(); bn.call(x); });
            double t = Median(reps, () => { using var d = NewDisposeScope(); bn.call(x).sum().backward(); });
            Console.WriteLine($"batchnorm {c,3} at {s,3}x{s,-3}           {"",8}  {f,9:F2}  {t - f,8:F2}");
        }
    }

    /// <summary>
    /// Evaluation-forward time (no_grad, channels-last, ms median) of U-Net-S's layer shapes in float32 and bfloat16, the
    /// two alternating per repetition: where bfloat16 inference gains (UNetS.FoldBatchNorm with InferencePrecision.Bf16).
    /// </summary>
    public static void RunPrecisions(int batch, int reps)
    {
        Console.WriteLine($"layer (batch {batch})                    fp32 ms   bf16 ms   fp32/bf16   (median of {reps}, alternating)");
        void Row(string name, Func<ScalarType, Action> make)
        {
            var f32 = make(ScalarType.Float32);
            var b16 = make(ScalarType.BFloat16);
            f32(); b16();
            var a = new double[reps];
            var b = new double[reps];
            for (int i = 0; i < reps; i++)
            {
                var sw = Stopwatch.StartNew(); f32(); a[i] = sw.Elapsed.TotalMilliseconds;
                sw.Restart(); b16(); b[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(a);
            Array.Sort(b);
            Console.WriteLine($"{name,-40} {a[reps / 2],8:F2}  {b[reps / 2],8:F2}  {a[reps / 2] / b[reps / 2],8:F2}x");
        }
        Action Op(Tensor x, Func<Tensor, Tensor> op) => () => { using var d = NewDisposeScope(); using var g = no_grad(); op(x); };
        foreach (var (cin, cout, s) in new[] { (3, 16, 64), (16, 16, 64), (32, 16, 64), (16, 32, 32), (64, 32, 32), (32, 64, 16), (128, 64, 16), (128, 128, 8), (256, 256, 4) })
            Row($"conv3x3+bias {cin}->{cout} at {s}", t =>
            {
                var x = ToChannelsLast(randn(batch, cin, s, s).to(t));
                var w = randn(cout, cin, 3, 3).to(t);
                var bias = randn(cout).to(t);
                return Op(x, v => nn.functional.conv2d(v, w, bias, padding: [1, 1]).relu_());
            });
        foreach (var (cin, cout, s) in new[] { (256, 128, 4), (128, 64, 8), (64, 32, 16), (32, 16, 32) })
            Row($"convT2x2 {cin}->{cout} at {s}", t =>
            {
                var x = ToChannelsLast(randn(batch, cin, s, s).to(t));
                var w = randn(cin, cout, 2, 2).to(t);
                var bias = randn(cout).to(t);
                return Op(x, v => nn.functional.conv_transpose2d(v, w, bias, strides: [2, 2]));
            });
        Row("head 1x1 16->1 at 64", t =>
        {
            var x = ToChannelsLast(randn(batch, 16, 64, 64).to(t));
            var w = randn(1, 16, 1, 1).to(t);
            var bias = randn(1).to(t);
            return Op(x, v => nn.functional.conv2d(v, w, bias).contiguous());
        });
        Row("cat 16+16 at 64", t =>
        {
            var x = ToChannelsLast(randn(batch, 16, 64, 64).to(t));
            return Op(x, v => cat([v, v], 1));
        });
        Row("max_pool 2 16 at 64", t => Op(ToChannelsLast(randn(batch, 16, 64, 64).to(t)), v => nn.functional.max_pool2d(v, 2)));
        Row("dropout mask x16 at 64", t =>
        {
            var x = ToChannelsLast(randn(batch, 16, 64, 64).to(t));
            var m = rand(batch, 16, 1, 1).to(t);
            return Op(x, v => v * m);
        });
    }

    /// <summary>Same values, NHWC strides (what PyTorch calls channels_last): permute to NHWC, make contiguous, permute back.</summary>
    public static Tensor ToChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public static double Median(int reps, Action f)
    {
        f();
        var t = new double[reps];
        for (int i = 0; i < reps; i++) { var sw = Stopwatch.StartNew(); f(); t[i] = sw.Elapsed.TotalMilliseconds; }
        Array.Sort(t);
        return t[reps / 2];
    }
}
