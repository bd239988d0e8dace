namespace SurgicalNav.Segmentation.Meshing;

/// <summary>The HU samples and iso-value that place surface-nets vertices on interpolated crossings instead of edge midpoints.</summary>
internal sealed record IsoField(short[] Hu, double IsoHu);
