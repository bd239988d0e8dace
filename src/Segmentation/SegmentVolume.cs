namespace SurgicalNav.Segmentation;

/// <summary>Size of one segment: its name, label value, voxel count and volume in mL.</summary>
public sealed record SegmentVolume(string Name, byte Value, long Voxels, double VolumeMl);
