using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Remask.Core.Formats;
using Remask.Core.Imaging;

namespace Remask.Fuzzing;

/// <summary>Fingerprints of what a reader returned (equal text: the same data), each after checking the invariants a
/// valid result keeps (<see cref="InvalidReadException"/> otherwise).</summary>
public static class Fingerprint
{
    public static string Of(Raster raster)
    {
        foreach (ushort s in raster.Samples)
            if (s > raster.MaxValue) throw new InvalidReadException($"{raster}: sample {s} above the maximum {raster.MaxValue}");
        return $"{raster} {Hash(MemoryMarshal.AsBytes(raster.Samples.AsSpan()))}";
    }

    public static string Of(Mask mask)
    {
        foreach (byte p in mask.Pixels)
            if (p > 1) throw new InvalidReadException($"mask {mask.Width}x{mask.Height}: pixel value {p}");
        return $"mask {mask.Width}x{mask.Height} {Hash(mask.Pixels)}";
    }

    public static string Of(Image image)
    {
        foreach (float v in image.Data)
            if (!(v >= 0 && v <= 1)) throw new InvalidReadException($"image {image.Width}x{image.Height}: value {v} outside [0, 1]");
        return $"image {image.Width}x{image.Height}x{image.Channels} {Hash(MemoryMarshal.AsBytes(image.Data))}";
    }

    public static string Of(NiftiHeader h)
    {
        if (h.Nx < 1 || h.Ny < 1 || h.Nz < 1) throw new InvalidReadException($"header {h}: a dimension below 1");
        if (h.VoxOffset < NiftiHeader.MinimumVoxOffset) throw new InvalidReadException($"header {h}: vox_offset {h.VoxOffset}");
        return $"{h} {h.Affine} scl {h.ScaleSlope} {h.ScaleIntercept}";
    }

    public static string Of(NiftiVolume v)
    {
        return $"{v} {v.Affine} {Hash(MemoryMarshal.AsBytes(v.Values))}";
    }

    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data))[..16];

    public static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));
}
