using System.Buffers.Binary;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>POINT and IMAGE content.</summary>
public static partial class IgtlBody
{
    /// <summary>Reads POINT element i: name, group and owner fields, colour, position (mm) and radius (mm).</summary>
    public static ReadOnlySpan<byte> ReadPoint(ReadOnlySpan<byte> content, int i, out ReadOnlySpan<byte> group, out uint rgba,
        Span<float> positionMm, out float radiusMm, out ReadOnlySpan<byte> owner)
    {
        ReadOnlySpan<byte> e = content.Slice(i * PointElementSize, PointElementSize);
        group = TrimNul(e.Slice(64, 32));
        rgba = BinaryPrimitives.ReadUInt32BigEndian(e[96..]);
        for (int k = 0; k < 3; k++) positionMm[k] = BinaryPrimitives.ReadSingleBigEndian(e[(100 + 4 * k)..]);
        radiusMm = BinaryPrimitives.ReadSingleBigEndian(e[112..]);
        owner = TrimNul(e.Slice(116, 20));
        return TrimNul(e[..64]);
    }

    /// <summary>Writes one 136-byte POINT element.</summary>
    public static void WritePoint(Span<byte> destination, string name, string group, uint rgba, ReadOnlySpan<float> positionMm, float radiusMm, string owner)
    {
        DeviceNameTable.Write(destination[..64], name, "point name");
        DeviceNameTable.Write(destination.Slice(64, 32), group, "point group");
        BinaryPrimitives.WriteUInt32BigEndian(destination[96..], rgba);
        for (int k = 0; k < 3; k++) BinaryPrimitives.WriteSingleBigEndian(destination[(100 + 4 * k)..], positionMm[k]);
        BinaryPrimitives.WriteSingleBigEndian(destination[112..], radiusMm);
        DeviceNameTable.Write(destination.Slice(116, 20), owner, "point owner");
    }

    /// <summary>Bytes per scalar for the IMAGE scalar type code, or 0 when the code is not defined.</summary>
    public static int ScalarBytes(byte scalarType) => scalarType switch
    {
        2 or 3 => 1,
        4 or 5 => 2,
        6 or 7 or 10 => 4,
        11 => 8,
        _ => 0,
    };

    /// <summary>Pixel bytes the IMAGE header announces (components x sub-volume voxels x scalar bytes); long.MaxValue when the scalar type is unknown.</summary>
    public static long ImagePixelBytes(ReadOnlySpan<byte> content)
    {
        int bytes = ScalarBytes(content[3]);
        if (bytes == 0) return long.MaxValue;
        long voxels = 1;
        for (int k = 0; k < 3; k++) voxels *= BinaryPrimitives.ReadUInt16BigEndian(content[(66 + 2 * k)..]);
        return content[2] * voxels * bytes;
    }

    /// <summary>Reads the IMAGE header: size (voxels), sub-volume offset and size, scalar type, components, and the 3x4 matrix (spacing-scaled axes, centre in mm) into matrix.</summary>
    public static IgtlImageInfo ReadImageHeader(ReadOnlySpan<byte> content, Span<float> matrix)
    {
        for (int i = 0; i < 12; i++) matrix[i] = BinaryPrimitives.ReadSingleBigEndian(content[(12 + 4 * i)..]);
        return new IgtlImageInfo(
            Components: content[2], ScalarType: content[3], BigEndian: content[4] == 1, Coordinates: content[5],
            SizeX: BinaryPrimitives.ReadUInt16BigEndian(content[6..]), SizeY: BinaryPrimitives.ReadUInt16BigEndian(content[8..]),
            SizeZ: BinaryPrimitives.ReadUInt16BigEndian(content[10..]),
            SubOffsetX: BinaryPrimitives.ReadUInt16BigEndian(content[60..]), SubOffsetY: BinaryPrimitives.ReadUInt16BigEndian(content[62..]),
            SubOffsetZ: BinaryPrimitives.ReadUInt16BigEndian(content[64..]),
            SubSizeX: BinaryPrimitives.ReadUInt16BigEndian(content[66..]), SubSizeY: BinaryPrimitives.ReadUInt16BigEndian(content[68..]),
            SubSizeZ: BinaryPrimitives.ReadUInt16BigEndian(content[70..]));
    }
}
