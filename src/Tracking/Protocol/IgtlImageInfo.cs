namespace SurgicalNav.Tracking.Protocol;

/// <summary>The fixed part of an IMAGE message: sizes in voxels, scalar type code (2..11), byte order, coordinate code (1 RAS, 2 LPS).</summary>
/// <param name="Components">Components per voxel.</param>
/// <param name="ScalarType">OpenIGTLink scalar type code (3 uint8, 4 int16, 10 float32, ...).</param>
/// <param name="BigEndian">True when the pixels are big-endian.</param>
/// <param name="Coordinates">1 for RAS, 2 for LPS.</param>
/// <param name="SizeX">Image size along i, voxels.</param>
/// <param name="SizeY">Image size along j, voxels.</param>
/// <param name="SizeZ">Image size along k, voxels.</param>
/// <param name="SubOffsetX">Sub-volume offset along i, voxels.</param>
/// <param name="SubOffsetY">Sub-volume offset along j, voxels.</param>
/// <param name="SubOffsetZ">Sub-volume offset along k, voxels.</param>
/// <param name="SubSizeX">Sub-volume size along i, voxels.</param>
/// <param name="SubSizeY">Sub-volume size along j, voxels.</param>
/// <param name="SubSizeZ">Sub-volume size along k, voxels.</param>
public readonly record struct IgtlImageInfo(byte Components, byte ScalarType, bool BigEndian, byte Coordinates,
    int SizeX, int SizeY, int SizeZ, int SubOffsetX, int SubOffsetY, int SubOffsetZ, int SubSizeX, int SubSizeY, int SubSizeZ);
