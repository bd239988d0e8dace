namespace SurgicalNav.Rendering;

/// <summary>One glTF primitive as read back: vertex and triangle counts and the POSITION accessor bounds in glTF metres.</summary>
public sealed record GlbPrimitiveInfo(int VertexCount, int TriangleCount, float[]? PositionMinM, float[]? PositionMaxM);
