using System.Buffers.Binary;

namespace SurgicalNav.Imaging.Nrrd;

public static partial class NrrdFile
{
    private static string NrrdType<T>() where T : unmanaged =>
        typeof(T) == typeof(short) ? "short"
        : typeof(T) == typeof(byte) ? "uchar"
        : typeof(T) == typeof(ushort) ? "ushort"
        : typeof(T) == typeof(sbyte) ? "signed char"
        : typeof(T) == typeof(int) ? "int"
        : typeof(T) == typeof(float) ? "float"
        : throw new NotSupportedException($"NRRD voxel type {typeof(T).Name} is not supported");

    private static string CanonicalType(string t, string path) => t switch
    {
        "short" or "short int" or "signed short" or "signed short int" or "int16" or "int16_t" => "short",
        "ushort" or "unsigned short" or "unsigned short int" or "uint16" or "uint16_t" => "ushort",
        "uchar" or "unsigned char" or "uint8" or "uint8_t" => "uchar",
        "signed char" or "int8" or "int8_t" => "signed char",
        "int" or "signed int" or "int32" or "int32_t" => "int",
        "float" => "float",
        _ => throw new NrrdFormatException($"'{path}': pixel type '{t}' is not supported; convert to short, uchar or float"),
    };

    private static int TypeSize(string type, string path) => type switch
    {
        "uchar" or "signed char" => 1,
        "short" or "ushort" => 2,
        "int" or "float" => 4,
        _ => throw new NrrdFormatException($"'{path}': pixel type '{type}' is not supported"),
    };

    private static double ReadValue(ReadOnlySpan<byte> b, string type, bool big) => type switch
    {
        "uchar" => b[0],
        "signed char" => (sbyte)b[0],
        "short" => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        "ushort" => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
        "int" => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        "float" => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
        _ => throw new InvalidOperationException(type),
    };

    private static T ConvertValue<T>(double v, string path, string type) where T : unmanaged
    {
        static bool In(double v, double lo, double hi) => v >= lo && v <= hi;
        // Each branch boxed on its own: a plain ?: chain would widen every branch to float and box a Single.
        object boxed = typeof(T) == typeof(short) && In(v, short.MinValue, short.MaxValue) ? (object)(short)Math.Round(v)
            : typeof(T) == typeof(byte) && In(v, 0, 255) ? (object)(byte)Math.Round(v)
            : typeof(T) == typeof(ushort) && In(v, 0, ushort.MaxValue) ? (object)(ushort)Math.Round(v)
            : typeof(T) == typeof(int) && In(v, int.MinValue, int.MaxValue) ? (object)(int)Math.Round(v)
            : typeof(T) == typeof(float) ? (object)(float)v
            : throw new NrrdFormatException($"'{path}': value {v} of type {type} does not fit {typeof(T).Name}; this volume has the wrong pixel type for this use");
        return (T)boxed;
    }
}
