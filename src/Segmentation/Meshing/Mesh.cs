namespace SurgicalNav.Segmentation.Meshing;

/// <summary>
/// A triangle mesh in patient LPS millimetres: xyz float positions, counter-clockwise triangles seen from
/// outside (outward normals), optional per-vertex unit normals.
/// </summary>
public sealed class Mesh
{
    /// <summary>Creates a mesh; positions and normals hold 3 floats per vertex, indices 3 per triangle.</summary>
    public Mesh(string name, float[] color, float[] positionsMm, int[] indices, float[]? normals = null)
    {
        if (positionsMm.Length % 3 != 0) throw new ArgumentException("positions must hold 3 floats per vertex", nameof(positionsMm));
        if (indices.Length % 3 != 0) throw new ArgumentException("indices must hold 3 per triangle", nameof(indices));
        if (normals is not null && normals.Length != positionsMm.Length) throw new ArgumentException("normals must match positions", nameof(normals));
        Name = name;
        Color = color;
        PositionsMm = positionsMm;
        Indices = indices;
        Normals = normals;
    }

    /// <summary>Segment or object name.</summary>
    public string Name { get; }

    /// <summary>sRGB colour, components 0..1 (alpha optional as a fourth).</summary>
    public float[] Color { get; }

    /// <summary>Vertex positions in patient LPS mm, 3 floats per vertex.</summary>
    public float[] PositionsMm { get; }

    /// <summary>Triangle vertex indices, 3 per triangle, counter-clockwise seen from outside.</summary>
    public int[] Indices { get; }

    /// <summary>Unit vertex normals in LPS, 3 floats per vertex, or null when not computed.</summary>
    public float[]? Normals { get; set; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => PositionsMm.Length / 3;

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;
}
