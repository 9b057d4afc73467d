// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK).
//
// Why: libLibTorchSharp.so of TorchSharp-cpu 0.107.0 asks for GLIBCXX_3.4.32 (libstdc++ of GCC 13),
// but Debian 12 ships GCC 12's libstdc++ (up to GLIBCXX_3.4.30). The only symbol bound to that version
// is _ZSt21ios_base_library_initv, a link-time anchor that no relocation uses, so the library works
// with the older libstdc++ once the dynamic loader is told the requirement is weak.
//
// This file is compiled twice: by MSBuild as an inline task (Remask.Torch.targets, next to it) and by the test
// project (with REMASK_ELF_NO_MSBUILD defined) so that the patch logic itself is tested. MSBuild compiles
// inline tasks against netstandard2.0, so this file uses only what that offers.
#nullable enable
using System;
using System.IO;
using System.Text;

public static class ElfWeakVersion
{
    public const ushort VerFlgWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    public enum Outcome { Patched, AlreadyWeak, NotRequired, NotElf64 }

    /// <summary>Sets VER_FLG_WEAK on every Elf64_Vernaux entry named <paramref name="version"/>.
    /// Works on a copy of the bytes; returns the outcome and the new bytes (null unless patched).</summary>
    public static Outcome Patch(byte[] elf, string version, out byte[]? patched)
    {
        patched = null;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little endian */)
            return Outcome.NotElf64;
        ulong shoff = BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        if (shoff == 0 || shentsize < 64 || shoff + (ulong)(shentsize * shnum) > (ulong)elf.Length)
            return Outcome.NotElf64;

        byte[] wanted = Encoding.ASCII.GetBytes(version);
        byte[]? copy = null;
        bool found = false;
        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);   // section index of the string table
            int count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);  // number of Elf64_Verneed entries
            int strSh = checked((int)shoff + link * shentsize);
            long strOffset = (long)BitConverter.ToUInt64(elf, strSh + 0x18);
            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (NameEquals(elf, strOffset + name, wanted))
                    {
                        found = true;
                        int flagsAt = (int)aux + 4;
                        ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                        if ((flags & VerFlgWeak) == 0)
                        {
                            copy ??= (byte[])elf.Clone();
                            ushort weak = (ushort)(flags | VerFlgWeak);
                            copy[flagsAt] = (byte)(weak & 0xff);
                            copy[flagsAt + 1] = (byte)(weak >> 8);
                        }
                    }
                    uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        if (!found) return Outcome.NotRequired;
        if (copy == null) return Outcome.AlreadyWeak;
        patched = copy;
        return Outcome.Patched;
    }

    private static bool NameEquals(byte[] elf, long at, byte[] wanted)
    {
        if (at < 0 || at + wanted.Length >= elf.Length) return false;
        for (int i = 0; i < wanted.Length; i++)
            if (elf[at + i] != wanted[i]) return false;
        return elf[at + wanted.Length] == 0;
    }

    /// <summary>True when a libstdc++ on the usual library paths already defines <paramref name="version"/>.</summary>
    public static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        byte[] wanted = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string path in candidates)
        {
            if (!File.Exists(path)) continue;
            byte[] bytes = File.ReadAllBytes(path);
            return IndexOf(bytes, wanted) >= 0; // the first one found is the one the loader takes
        }
        return false;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    /// <summary>Patches the file in place through a temporary file and a rename, so that a hard link
    /// to the original (for example into the NuGet cache) is never written through.</summary>
    public static Outcome PatchFile(string path, string version)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Outcome outcome = Patch(bytes, version, out byte[]? patched);
        if (outcome != Outcome.Patched) return outcome;
        string temp = path + ".remask-tmp";
        File.WriteAllBytes(temp, patched!);
        File.Replace(temp, path, null);
        return outcome;
    }
}

#if !REMASK_ELF_NO_MSBUILD
public class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public string Directory { get; set; } = "";

    public string FileName { get; set; } = "libLibTorchSharp.so";
    public string Version { get; set; } = "GLIBCXX_3.4.32";

    public override bool Execute()
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) || !System.IO.Directory.Exists(Directory)) return true;
        string[] files = System.IO.Directory.GetFiles(Directory, FileName, SearchOption.AllDirectories);
        if (files.Length == 0) return true;
        if (ElfWeakVersion.SystemLibStdCxxHas(Version))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"System libstdc++ has {Version}; {FileName} left as it is.");
            return true;
        }
        foreach (string file in files)
        {
            var outcome = ElfWeakVersion.PatchFile(file, Version);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"{file}: {Version} {outcome}");
        }
        return true;
    }
}
#endif
