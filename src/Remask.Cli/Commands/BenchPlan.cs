namespace Remask.Cli.Commands;

/// <summary>
/// What <c>remask bench</c> measures and how often: the sizes of BENCHMARK.md section 6 (training at 64 x 64 and
/// 128 x 128, batch 16; uncertainty at 64 x 64, N = 8; masks of 512 x 512), or with <c>--quick</c> small sizes and few
/// repetitions that finish in seconds (for tests; not numbers to report).
/// </summary>
/// <param name="TrainSizes">Image sides of the training-throughput measurements.</param>
/// <param name="Batch">Images per training step and per uncertainty call.</param>
/// <param name="UncertaintySize">Image side of the uncertainty measurements.</param>
/// <param name="Samples">Samples per image of MC dropout and TTA.</param>
/// <param name="MaskSize">Side of the masks of the noise and relabel measurements.</param>
/// <param name="Repetitions">Timed repetitions of each network measurement.</param>
/// <param name="Warmup">Untimed rounds before them.</param>
/// <param name="MaskRepetitions">Timed repetitions of each per-mask measurement (cheap, so more).</param>
/// <param name="MaskWarmup">Untimed rounds before them (enough for the JIT to reach optimised code).</param>
internal sealed record BenchPlan(int[] TrainSizes, int Batch, int UncertaintySize, int Samples, int MaskSize,
    int Repetitions, int Warmup, int MaskRepetitions, int MaskWarmup)
{
    public const int DefaultRepetitions = 10;
    public const int QuickRepetitions = 3;

    /// <summary>The plan for the command line's options; <paramref name="repetitions"/> null takes the default.</summary>
    public static BenchPlan For(bool quick, int? repetitions)
    {
        int reps = repetitions ?? (quick ? QuickRepetitions : DefaultRepetitions);
        return quick
            ? new BenchPlan([16, 32], 4, 32, 8, 128, reps, 1, 2 * reps, 2)
            : new BenchPlan([64, 128], 16, 64, 8, 512, reps, 2, 10 * reps, 40);
    }
}
