using Remask.Core.Noise;

namespace Remask.Fuzzing;

/// <summary>A valid file that the mutations start from.</summary>
/// <param name="FileName">The name it is read under (the extension matters to some readers: .nii.gz).</param>
public sealed record FuzzSeed(string FileName, byte[] Bytes);

/// <summary>
/// A mutated file: its bytes, what was done to them (enough to rebuild the case by hand), and whether the mutation kept
/// the format's own checksums valid (a PNG chunk edited and its CRC recomputed, a NIfTI edited inside its gzip stream).
/// </summary>
public sealed record Mutant(byte[] Bytes, string Description, bool ChecksumsKept);

/// <summary>
/// One way of reading a file, as Remask's callers do. <see cref="Read"/> returns a fingerprint of what was read (equal
/// fingerprints: the same data), and throws <see cref="InvalidReadException"/> when the data it got back breaks an
/// invariant (a raster whose samples exceed its maximum, a sample path outside its dataset).
/// </summary>
/// <param name="Partial">The probe reads only part of the file by design (a header scan), so the format's checksums
/// are not verified and a changed read past them is no failure.</param>
public sealed record FuzzProbe(string Name, Func<string, string> Read, bool Partial = false);

/// <summary>What a probe throws for a read that returned data but not valid data.</summary>
public sealed class InvalidReadException(string message) : Exception(message);

/// <summary>
/// A file format under test: the valid seeds, the mutations, the probes, and how a mutated file is laid out on disk.
/// </summary>
public sealed class FuzzTarget
{
    /// <summary>Names the format in reports and seeds the cases ("png", "nifti-gz").</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<FuzzSeed> Seeds { get; init; }

    /// <summary>One seeded mutation of a seed's bytes.</summary>
    public required Func<byte[], NoiseRandom, Mutant> Mutate { get; init; }

    public required IReadOnlyList<FuzzProbe> Probes { get; init; }

    /// <summary>
    /// Puts the bytes on disk in <paramref name="folder"/> (kept between the cases of a run) and returns the path of the
    /// file that holds them, which every refusal must name. By default the file is FOLDER/FileName.
    /// </summary>
    public Func<string, FuzzSeed, byte[], string> Place { get; init; } = PlaceFile;

    /// <summary>
    /// The format carries checksums over everything a probe reads (PNG chunk CRCs, gzip's CRC-32, zip entries' CRC-32):
    /// a mutant whose checksums were not kept may then only read as the original did.
    /// </summary>
    public bool Checksummed { get; init; }

    /// <summary>Whether a refusal's message names the file (message, path of the mutated file). By default the message
    /// must hold the path; a dataset's index file may also be named by its folder.</summary>
    public Func<string, string, bool> NamesFile { get; init; } = (message, path) => message.Contains(path, StringComparison.Ordinal);

    public static string PlaceFile(string folder, FuzzSeed seed, byte[] bytes)
    {
        string path = Path.Combine(folder, seed.FileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
