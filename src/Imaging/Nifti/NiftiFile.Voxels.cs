using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SurgicalNav.Imaging.Nifti;

public static partial class NiftiFile
{
    private const int ChunkVoxels = 1 << 18;

    private static void ReadVoxels<T>(Stream data, NiftiHeader header, Volume<T> volume, string path) where T : unmanaged
    {
        int size = SizeOf(header.DataType);
        long count = volume.Geometry.VoxelCount;
        if (!header.IsScaled && !header.BigEndian && Matches<T>(header.DataType))
        {
            ReadExactly(data, MemoryMarshal.AsBytes(volume.Voxels), path, count * size);
            return;
        }
        // Convert through a buffer: other types, byte swapping and scl_slope/scl_inter.
        var raw = new byte[Math.Min(count, ChunkVoxels) * size];
        var values = new double[Math.Min(count, ChunkVoxels)];
        double slope = header.IsScaled ? header.ScaleSlope : 1, intercept = header.IsScaled ? header.ScaleIntercept : 0;
        for (long done = 0; done < count;)
        {
            int n = (int)Math.Min(values.Length, count - done);
            ReadExactly(data, raw.AsSpan(0, n * size), path, count * size);
            Decode(raw.AsSpan(0, n * size), header.DataType, header.BigEndian, values.AsSpan(0, n));
            if (header.IsScaled)
            {
                for (int i = 0; i < n; i++) values[i] = values[i] * slope + intercept;
            }
            Store(values.AsSpan(0, n), volume.Voxels.Slice((int)done, n), path, header);
            done += n;
        }
    }

    private static bool Matches<T>(NiftiDataType type) where T : unmanaged => type switch
    {
        NiftiDataType.UInt8 => typeof(T) == typeof(byte),
        NiftiDataType.Int8 => typeof(T) == typeof(sbyte),
        NiftiDataType.Int16 => typeof(T) == typeof(short),
        NiftiDataType.UInt16 => typeof(T) == typeof(ushort),
        NiftiDataType.Int32 => typeof(T) == typeof(int),
        NiftiDataType.UInt32 => typeof(T) == typeof(uint),
        NiftiDataType.Float32 => typeof(T) == typeof(float),
        NiftiDataType.Float64 => typeof(T) == typeof(double),
        _ => false,
    };

    private static void Decode(ReadOnlySpan<byte> raw, NiftiDataType type, bool big, Span<double> values)
    {
        int size = SizeOf(type);
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> b = raw.Slice(i * size, size);
            values[i] = type switch
            {
                NiftiDataType.UInt8 => b[0],
                NiftiDataType.Int8 => (sbyte)b[0],
                NiftiDataType.Int16 => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
                NiftiDataType.UInt16 => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
                NiftiDataType.Int32 => big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
                NiftiDataType.UInt32 => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
                NiftiDataType.Float32 => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
                _ => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
    }

    /// <summary>Stores values into the target type: integers rounded to nearest, and refused when out of range (no silent clamping).</summary>
    private static void Store<T>(ReadOnlySpan<double> values, Span<T> target, string path, NiftiHeader header) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { StoreFloat(values, MemoryMarshal.Cast<T, float>(target)); return; }
        if (typeof(T) == typeof(double)) { values.CopyTo(MemoryMarshal.Cast<T, double>(target)); return; }
        (double lo, double hi) = typeof(T) == typeof(short) ? ((double)short.MinValue, (double)short.MaxValue)
            : typeof(T) == typeof(byte) ? (0.0, byte.MaxValue)
            : typeof(T) == typeof(ushort) ? (0.0, ushort.MaxValue)
            : typeof(T) == typeof(sbyte) ? (sbyte.MinValue, sbyte.MaxValue)
            : typeof(T) == typeof(int) ? (int.MinValue, int.MaxValue)
            : typeof(T) == typeof(uint) ? (0.0, (double)uint.MaxValue)
            : throw new NiftiFormatException($"'{path}': voxels cannot be read as {typeof(T).Name}");
        for (int i = 0; i < values.Length; i++)
        {
            double v = Math.Round(values[i]);
            if (!(v >= lo && v <= hi))
            {
                throw new NiftiFormatException(
                    $"'{path}': voxel value {values[i]} ({header.DataType}{(header.IsScaled ? $" scaled by {header.ScaleSlope} + {header.ScaleIntercept}" : "")}) does not fit {typeof(T).Name} ({lo}..{hi}); this volume has the wrong value range for this use (a CT must be in HU)");
            }
            StoreOne(target, i, v);
        }
    }

    private static void StoreFloat(ReadOnlySpan<double> values, Span<float> target)
    {
        for (int i = 0; i < values.Length; i++) target[i] = (float)values[i];
    }

    private static void StoreOne<T>(Span<T> target, int i, double v) where T : unmanaged
    {
        if (typeof(T) == typeof(short)) MemoryMarshal.Cast<T, short>(target)[i] = (short)v;
        else if (typeof(T) == typeof(byte)) MemoryMarshal.Cast<T, byte>(target)[i] = (byte)v;
        else if (typeof(T) == typeof(ushort)) MemoryMarshal.Cast<T, ushort>(target)[i] = (ushort)v;
        else if (typeof(T) == typeof(sbyte)) MemoryMarshal.Cast<T, sbyte>(target)[i] = (sbyte)v;
        else if (typeof(T) == typeof(int)) MemoryMarshal.Cast<T, int>(target)[i] = (int)v;
        else MemoryMarshal.Cast<T, uint>(target)[i] = (uint)v;
    }
}
