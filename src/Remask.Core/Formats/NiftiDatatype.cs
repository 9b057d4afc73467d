namespace Remask.Core.Formats;

/// <summary>The NIfTI-1 voxel datatypes Remask reads and writes (the header's <c>datatype</c> code).</summary>
public enum NiftiDatatype : short
{
    /// <summary>DT_UINT8 (2): unsigned 8-bit integers, 1 byte per voxel.</summary>
    UInt8 = 2,
    /// <summary>DT_INT16 (4): signed 16-bit integers, 2 bytes per voxel.</summary>
    Int16 = 4,
    /// <summary>DT_INT32 (8): signed 32-bit integers, 4 bytes per voxel.</summary>
    Int32 = 8,
    /// <summary>DT_FLOAT32 (16): 32-bit IEEE floats, 4 bytes per voxel.</summary>
    Float32 = 16,
    /// <summary>
    /// DT_FLOAT64 (64): 64-bit IEEE floats, 8 bytes per voxel (read as float32, so with less precision).
    /// </summary>
    Float64 = 64,
    /// <summary>DT_INT8 (256): signed 8-bit integers, 1 byte per voxel.</summary>
    Int8 = 256,
    /// <summary>DT_UINT16 (512): unsigned 16-bit integers, 2 bytes per voxel.</summary>
    UInt16 = 512,
}

/// <summary>Facts about <see cref="NiftiDatatype"/> codes: size on disk, names for messages.</summary>
internal static class NiftiDatatypes
{
    public static bool IsSupported(short code) => Enum.IsDefined((NiftiDatatype)code);

    /// <summary>Bytes one voxel takes on disk.</summary>
    public static int BytesPerVoxel(NiftiDatatype datatype) => datatype switch
    {
        NiftiDatatype.UInt8 or NiftiDatatype.Int8 => 1,
        NiftiDatatype.Int16 or NiftiDatatype.UInt16 => 2,
        NiftiDatatype.Int32 or NiftiDatatype.Float32 => 4,
        NiftiDatatype.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not a supported NIfTI datatype"),
    };

    public static bool IsInteger(NiftiDatatype datatype) => datatype is not (NiftiDatatype.Float32 or NiftiDatatype.Float64);

    /// <summary>Smallest and largest stored value of an integer datatype.</summary>
    public static (double Min, double Max) IntegerRange(NiftiDatatype datatype) => datatype switch
    {
        NiftiDatatype.UInt8 => (byte.MinValue, byte.MaxValue),
        NiftiDatatype.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        NiftiDatatype.Int16 => (short.MinValue, short.MaxValue),
        NiftiDatatype.UInt16 => (ushort.MinValue, ushort.MaxValue),
        NiftiDatatype.Int32 => (int.MinValue, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "not an integer datatype"),
    };

    /// <summary>The name NIfTI-1 gives a datatype code (also for codes Remask does not read), for messages.</summary>
    public static string Name(short code) => code switch
    {
        0 => "unknown",
        1 => "binary",
        2 => "uint8",
        4 => "int16",
        8 => "int32",
        16 => "float32",
        32 => "complex64",
        64 => "float64",
        128 => "rgb24",
        255 => "all",
        256 => "int8",
        512 => "uint16",
        768 => "uint32",
        1024 => "int64",
        1280 => "uint64",
        1536 => "float128",
        1792 => "complex128",
        2048 => "complex256",
        2304 => "rgba32",
        _ => "not a NIfTI-1 datatype",
    };

    public static string Name(NiftiDatatype datatype) => Name((short)datatype);

    /// <summary>"uint8 (2), int16 (4), ..." for messages.</summary>
    public static string SupportedList() =>
        string.Join(", ", Enum.GetValues<NiftiDatatype>().Select(d => $"{Name(d)} ({(short)d})"));
}
