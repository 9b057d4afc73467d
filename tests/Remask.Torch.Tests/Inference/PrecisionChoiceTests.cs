using Remask.Core;
using Remask.Torch.Inference;

namespace Remask.Torch.Tests.Inference;

public class PrecisionChoiceTests
{
    private static Func<IReadOnlySet<string>> Flags(params string[] flags) => () => flags.ToHashSet();

    [Fact]
    public void Auto_is_fp32_without_the_bf16_flags_and_bf16_with_either()
    {
        var without = PrecisionChoice.Resolve(InferencePrecision.Auto, Flags("fpu", "avx2", "avx512f"));
        Assert.Equal(InferencePrecision.Fp32, without.Precision);
        Assert.Equal("precision: fp32 (auto: no avx512_bf16 or amx_bf16)", without.ToString());
        var avx = PrecisionChoice.Resolve(InferencePrecision.Auto, Flags("avx512f", "avx512_bf16"));
        Assert.Equal(InferencePrecision.Bf16, avx.Precision);
        Assert.Equal("precision: bf16 (auto: avx512_bf16)", avx.ToString());
        Assert.Equal(InferencePrecision.Bf16, PrecisionChoice.Resolve(InferencePrecision.Auto, Flags("amx_bf16", "amx_tile")).Precision);
    }

    [Fact]
    public void Fp32_and_bf16_are_taken_as_asked_whatever_the_flags()
    {
        Assert.Equal(InferencePrecision.Fp32, PrecisionChoice.Resolve(InferencePrecision.Fp32, Flags("avx512_bf16")).Precision);
        Assert.Equal(InferencePrecision.Bf16, PrecisionChoice.Resolve(InferencePrecision.Bf16, Flags()).Precision);
        Assert.Equal("precision: bf16 (requested)", PrecisionChoice.Resolve(InferencePrecision.Bf16, Flags()).ToString());
    }

    [Fact]
    public void Parse_takes_the_three_names_and_refuses_others()
    {
        Assert.Equal(InferencePrecision.Auto, PrecisionChoice.Parse("auto"));
        Assert.Equal(InferencePrecision.Fp32, PrecisionChoice.Parse("fp32"));
        Assert.Equal(InferencePrecision.Bf16, PrecisionChoice.Parse("bf16"));
        Assert.Contains("--precision", Assert.Throws<RemaskUsageException>(() => PrecisionChoice.Parse("fp16")).Message);
    }
}
