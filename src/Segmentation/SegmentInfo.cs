namespace SurgicalNav.Segmentation;

/// <summary>One segment of a label map: its voxel value, display name and colour (sRGB components 0..1).</summary>
public sealed record SegmentInfo(byte Value, string Name, float[] Color)
{
    /// <summary>The colour as #rrggbb.</summary>
    public string ColorHex =>
        $"#{(int)Math.Round(Color[0] * 255):x2}{(int)Math.Round(Color[1] * 255):x2}{(int)Math.Round(Color[2] * 255):x2}";
}
