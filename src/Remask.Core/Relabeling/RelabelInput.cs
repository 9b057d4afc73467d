namespace Remask.Core.Relabeling;

/// <summary>
/// Checks the per-pixel maps a relabel reads: <c>label</c> (0/1 bytes), <c>meanProb</c> and <c>uncertainty</c>
/// (floats in [0, 1]), all row-major with width x height entries. Bad maps throw <see cref="ArgumentException"/>
/// naming the map and the first bad pixel as (x, y); a caller that read them from a file wraps that into a
/// <see cref="RemaskDataException"/> naming the file.
/// </summary>
public static class RelabelInput
{
    /// <summary>Throws unless every map has width x height entries, labels are 0/1 and both float maps lie in [0, 1].</summary>
    public static void Check(ReadOnlySpan<byte> label, ReadOnlySpan<float> meanProb, ReadOnlySpan<float> uncertainty, int width, int height)
    {
        CheckLabel(label, width, height);
        CheckUnit(meanProb, width, height, "mean probability");
        CheckUnit(uncertainty, width, height, "uncertainty");
    }

    /// <summary>Throws unless <paramref name="label"/> has width x height entries, each 0 or 1.</summary>
    public static void CheckLabel(ReadOnlySpan<byte> label, int width, int height)
    {
        CheckLength(label.Length, width, height, "label");
        int bad = label.IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0) throw new ArgumentException($"label value {label[bad]} at ({bad % width}, {bad / width}) is not 0 or 1");
    }

    /// <summary>Throws unless <paramref name="values"/> has width x height entries, each in [0, 1] (NaN is not).</summary>
    public static void CheckUnit(ReadOnlySpan<float> values, int width, int height, string name)
    {
        CheckLength(values.Length, width, height, name);
        int bad = FirstOutsideUnit(values);
        if (bad >= 0)
            throw new ArgumentException(FormattableString.Invariant(
                $"{name} value {values[bad]} at ({bad % width}, {bad / width}) is outside [0, 1]"));
    }

    /// <summary>Index of the first value that is NaN or outside [0, 1], or -1.</summary>
    internal static int FirstOutsideUnit(ReadOnlySpan<float> values)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var zero = System.Numerics.Vector<float>.Zero;
            var one = System.Numerics.Vector<float>.One;
            int n = System.Numerics.Vector<float>.Count;
            for (; i <= values.Length - n; i += n)
            {
                var v = new System.Numerics.Vector<float>(values[i..]);
                // NaN fails both comparisons.
                if (!System.Numerics.Vector.GreaterThanOrEqualAll(v, zero) || !System.Numerics.Vector.LessThanOrEqualAll(v, one)) break;
            }
        }
        for (; i < values.Length; i++)
            if (!(values[i] >= 0f && values[i] <= 1f)) return i;
        return -1;
    }

    internal static void CheckLength(int length, int width, int height, string name)
    {
        if (width <= 0 || height <= 0) throw new ArgumentException($"map size {width}x{height} must be positive");
        if (length != (long)width * height)
            throw new ArgumentException($"{name} map has {length} values, {width}x{height} needs {(long)width * height}");
    }
}
