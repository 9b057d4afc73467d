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
