using System.Security.Cryptography;
using System.Text;
using Remask.Core.Datasets;
using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

/// <summary>
/// The standard synthetic datasets are frozen: every benchmark number in the docs was measured on them, so any
/// change to the generators must leave these bytes alone. The hashes were taken from the generators before the
/// hard variants were added (2026-12-02); a failure here means the standard output changed.
/// </summary>
public class StandardOutputTests
{
    [Theory]
    [InlineData(SyntheticKind.Derm, "BC3B6B4BF315FD38E8037795BAF6BCABA0D80578216FF592E3BC59A8D4046519")]
    [InlineData(SyntheticKind.Ct, "9372BD649774D50E8BD0D3392364873968D9E616614C1D64D3BFD9367B1A2AD8")]
    public void Standard_output_is_bit_identical_to_the_frozen_hash(SyntheticKind kind, string expected) =>
        Assert.Equal(expected, Hash(kind));

    /// <summary>SHA-256 over samples 0-23 at 64 px (seed 2021; for CT one empty slice among them) and 0-2 at 97 px
    /// (seed 3): each sample's name, image floats and mask bytes.</summary>
    internal static string Hash(SyntheticKind kind)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (count, size, seed) in new[] { (24, 64, 2021), (3, 97, 3) })
            for (int i = 0; i < count; i++)
                Add(sha, SyntheticDatasets.Generate(kind, i, size, seed));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static void Add(IncrementalHash sha, Sample s)
    {
        sha.AppendData(Encoding.UTF8.GetBytes(s.Name));
        sha.AppendData(ImageMeasures.Bytes(s.Image));
        sha.AppendData(s.Mask!.Pixels);
    }
}
