using Remask.Core;

namespace Remask.Torch.Inference;

/// <summary>
/// A resolved <see cref="InferencePrecision"/> (<see cref="InferencePrecision.Fp32"/> or <see cref="InferencePrecision.Bf16"/>)
/// and why it was chosen, e.g. <c>bf16 (auto: avx512_bf16)</c> or <c>fp32 (auto: no avx512_bf16 or amx_bf16)</c>.
/// </summary>
public sealed record PrecisionChoice(InferencePrecision Precision, string Reason)
{
    /// <summary>The CPU flags that make <see cref="InferencePrecision.Auto"/> pick bfloat16: native bfloat16 dot products
    /// (AVX512-BF16: AMD Zen 4 and later, Intel Cooper Lake) or tile matrix units (AMX-BF16: Intel Sapphire Rapids and later),
    /// where libtorch's bfloat16 convolutions run 2-3x faster than float32 (issue 15).</summary>
    public static IReadOnlyList<string> Bf16Flags { get; } = ["avx512_bf16", "amx_bf16"];

    /// <summary>The command-line names: auto, fp32, bf16.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "fp32", "bf16"];

    /// <summary>The name on the command line and in summaries: fp32, bf16 or auto.</summary>
    public static string NameOf(InferencePrecision precision) => precision switch
    {
        InferencePrecision.Fp32 => "fp32",
        InferencePrecision.Bf16 => "bf16",
        _ => "auto",
    };

    /// <summary>auto, fp32 or bf16 (as <c>--precision</c> takes them); anything else is a usage error.</summary>
    public static InferencePrecision Parse(string text) => text switch
    {
        "auto" => InferencePrecision.Auto,
        "fp32" => InferencePrecision.Fp32,
        "bf16" => InferencePrecision.Bf16,
        _ => throw new RemaskUsageException($"--precision: expected one of {string.Join(", ", Names)}, got '{text}'"),
    };

    /// <summary>
    /// fp32 and bf16 as asked; auto is bf16 when <paramref name="cpuFlags"/> (default <see cref="CpuFlags"/>) holds one of
    /// <see cref="Bf16Flags"/>, fp32 otherwise.
    /// </summary>
    public static PrecisionChoice Resolve(InferencePrecision requested, Func<IReadOnlySet<string>>? cpuFlags = null)
    {
        if (requested != InferencePrecision.Auto) return new PrecisionChoice(requested, "requested");
        var flags = (cpuFlags ?? CpuFlags)();
        string? found = Bf16Flags.FirstOrDefault(flags.Contains);
        return found is null
            ? new PrecisionChoice(InferencePrecision.Fp32, $"auto: no {string.Join(" or ", Bf16Flags)}")
            : new PrecisionChoice(InferencePrecision.Bf16, $"auto: {found}");
    }

    /// <summary>The flags of the first processor in /proc/cpuinfo on Linux; empty elsewhere or when unreadable (auto is then fp32).</summary>
    public static IReadOnlySet<string> CpuFlags()
    {
        if (!OperatingSystem.IsLinux()) return new HashSet<string>();
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':');
                if (colon < 0 || line[..colon].Trim() != "flags") continue;
                return line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new HashSet<string>();
    }

    /// <summary>One line for a command's output: <c>precision: bf16 (auto: avx512_bf16)</c>.</summary>
    public override string ToString() => $"precision: {NameOf(Precision)} ({Reason})";
}
