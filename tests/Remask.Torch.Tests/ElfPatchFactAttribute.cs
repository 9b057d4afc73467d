namespace Remask.Torch.Tests;

/// <summary>
/// A fact about the build's patched copy of libLibTorchSharp.so (src/Remask.Torch/buildTransitive/ElfWeakVersion.cs). It is reported as skipped,
/// with the reason, where the build patches nothing: off Linux, and where the system libstdc++ already has
/// GLIBCXX_3.4.32 (the patch is only needed on older systems such as Debian 12).
/// </summary>
public sealed class ElfPatchFactAttribute : FactAttribute
{
    public ElfPatchFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux (the native library is patched only there)";
        else if (ElfWeakVersion.SystemLibStdCxxHas("GLIBCXX_3.4.32")) Skip = "the system libstdc++ has GLIBCXX_3.4.32, so the build patches nothing";
    }
}
