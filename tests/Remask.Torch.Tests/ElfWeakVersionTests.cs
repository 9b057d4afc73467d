using System.Text;

namespace Remask.Torch.Tests;

/// <summary>The build step that marks libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak (src/Remask.Torch/buildTransitive/ElfWeakVersion.cs).</summary>
public class ElfWeakVersionTests
{
    /// <summary>A minimal ELF64 image with a .gnu.version_r section needing two versions of one library.</summary>
    private static byte[] MinimalElf(ushort flagsOfSecond = 0)
    {
        var strtab = Encoding.ASCII.GetBytes("\0libstdc++.so.6\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0");
        int nameLib = 1, name30 = 16, name32 = 31;
        var bytes = new byte[0x400];
        void U16(int at, int v) => BitConverter.GetBytes((ushort)v).CopyTo(bytes, at);
        void U32(int at, long v) => BitConverter.GetBytes((uint)v).CopyTo(bytes, at);
        void U64(int at, long v) => BitConverter.GetBytes((ulong)v).CopyTo(bytes, at);
        bytes[0] = 0x7f; bytes[1] = (byte)'E'; bytes[2] = (byte)'L'; bytes[3] = (byte)'F'; bytes[4] = 2; bytes[5] = 1;
        int shoff = 0x200;
        U64(0x28, shoff); U16(0x3A, 64); U16(0x3C, 3);
        // strtab at 0x100, verneed at 0x140
        strtab.CopyTo(bytes, 0x100);
        int vn = 0x140;
        U16(vn, 1); U16(vn + 2, 2); U32(vn + 4, nameLib); U32(vn + 8, 16); U32(vn + 12, 0);
        int a1 = vn + 16, a2 = vn + 32;
        U32(a1, 0x1234); U16(a1 + 4, 0); U16(a1 + 6, 2); U32(a1 + 8, name30); U32(a1 + 12, 16);
        U32(a2, 0x5678); U16(a2 + 4, flagsOfSecond); U16(a2 + 6, 3); U32(a2 + 8, name32); U32(a2 + 12, 0);
        // section 1: strtab (SHT_STRTAB = 3); section 2: verneed (0x6ffffffe), link 1, info 1
        int s1 = shoff + 64, s2 = shoff + 128;
        U32(s1 + 4, 3); U64(s1 + 0x18, 0x100); U64(s1 + 0x20, strtab.Length);
        U32(s2 + 4, 0x6ffffffe); U64(s2 + 0x18, vn); U64(s2 + 0x20, 48); U32(s2 + 0x28, 1); U32(s2 + 0x2C, 1);
        return bytes;
    }

    [Fact]
    public void Sets_the_weak_flag_on_exactly_the_named_requirement()
    {
        byte[] elf = MinimalElf();
        var outcome = ElfWeakVersion.Patch(elf, "GLIBCXX_3.4.32", out byte[]? patched);
        Assert.Equal(ElfWeakVersion.Outcome.Patched, outcome);
        Assert.NotNull(patched);
        // Only the two flag bytes of the second Vernaux entry (0x140 + 32 + 4) differ.
        var diffs = Enumerable.Range(0, elf.Length).Where(i => elf[i] != patched![i]).ToArray();
        Assert.Equal(new[] { 0x140 + 32 + 4 }, diffs);
        Assert.Equal(ElfWeakVersion.VerFlgWeak, BitConverter.ToUInt16(patched!, 0x140 + 32 + 4));
        // The input array is left alone.
        Assert.Equal(0, BitConverter.ToUInt16(elf, 0x140 + 32 + 4));
    }

    [Fact]
    public void Is_idempotent_and_keeps_other_flags()
    {
        byte[] elf = MinimalElf(flagsOfSecond: 0x1);
        Assert.Equal(ElfWeakVersion.Outcome.Patched, ElfWeakVersion.Patch(elf, "GLIBCXX_3.4.32", out byte[]? once));
        Assert.Equal(0x3, BitConverter.ToUInt16(once!, 0x140 + 32 + 4));
        Assert.Equal(ElfWeakVersion.Outcome.AlreadyWeak, ElfWeakVersion.Patch(once!, "GLIBCXX_3.4.32", out byte[]? twice));
        Assert.Null(twice);
    }

    [Fact]
    public void Does_not_match_a_prefix_of_the_version_name()
    {
        Assert.Equal(ElfWeakVersion.Outcome.NotRequired, ElfWeakVersion.Patch(MinimalElf(), "GLIBCXX_3.4.3", out _));
        Assert.Equal(ElfWeakVersion.Outcome.NotElf64, ElfWeakVersion.Patch(new byte[100], "GLIBCXX_3.4.32", out _));
    }

    [ElfPatchFact]
    public void The_build_output_copy_is_weak_and_the_package_copy_is_not_written()
    {
        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(native), native);
        Assert.Equal(ElfWeakVersion.Outcome.AlreadyWeak, ElfWeakVersion.Patch(File.ReadAllBytes(native), "GLIBCXX_3.4.32", out _));

        // The restored package (NuGet's global packages folder: NUGET_PACKAGES or ~/.nuget/packages) keeps the requirement.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var v = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        string original = Path.Combine(packages, "torchsharp", $"{v.Major}.{v.Minor}.{v.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(original), $"{original} not found (another NuGet packages folder?)");
        Assert.Equal(ElfWeakVersion.Outcome.Patched, ElfWeakVersion.Patch(File.ReadAllBytes(original), "GLIBCXX_3.4.32", out _));
    }
}
