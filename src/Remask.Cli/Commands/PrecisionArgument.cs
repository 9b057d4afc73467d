using Remask.Torch.Inference;

namespace Remask.Cli.Commands;

/// <summary>
/// <c>--precision auto|fp32|bf16</c> of predict, uncertainty and relabel (with --model): the number format of the
/// network's evaluation forward (<see cref="InferencePrecision"/>). Checked in the settings' validation (a usage error,
/// exit code 2), resolved when the command runs, which prints one line such as <c>precision: bf16 (auto: avx512_bf16)</c>.
/// </summary>
internal static class PrecisionArgument
{
    public const string Description = "Number format of the network: auto (the default: bf16 where the CPU has AVX512-BF16 or AMX-BF16, else fp32); fp32; bf16 (bfloat16 convolutions, float32 probabilities)";

    /// <summary>The default when the option is not given: auto, since bf16 met the quality check against fp32 on synth-derm
    /// and synth-ct (same repaired masks on ≥ 99.9 % of pixels, AUROC within 0.005: docs/uncertainty.md, "bf16 inference").</summary>
    public const string Default = "auto";

    /// <summary>A validation error for a value that is not a precision, or null.</summary>
    public static Spectre.Console.ValidationResult? Check(string? text) => text is null || PrecisionChoice.Names.Contains(text) ? null
        : Spectre.Console.ValidationResult.Error($"--precision: expected one of {string.Join(", ", PrecisionChoice.Names)}, got '{text}'");

    /// <summary>Resolves the option (auto from the CPU's flags) and prints the choice on standard output.</summary>
    public static PrecisionChoice Resolve(string? text)
    {
        var choice = PrecisionChoice.Resolve(PrecisionChoice.Parse(text ?? Default));
        Console.Out.WriteLine(choice.ToString());
        return choice;
    }
}
