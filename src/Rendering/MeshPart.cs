using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>One mesh's glTF-ready arrays (metres, +Y up) and where they sit in the BIN chunk.</summary>
internal sealed class MeshPart
{
    private MeshPart(float[] positionsM, float[] normals, uint[] indices, float[] colors, long offset, float[] min, float[] max)
    {
        Colors = colors;
        PositionsM = positionsM;
        Normals = normals;
        Indices = indices;
        Offset = offset;
        Min = min;
        Max = max;
    }

    public float[] PositionsM { get; }
    public float[] Normals { get; }
    public uint[] Indices { get; }
    public long Offset { get; }
    public float[] Min { get; }
    public float[] Max { get; }
    /// <summary>Linear RGB per vertex for COLOR_0, or empty.</summary>
    public float[] Colors { get; }
    /// <summary>Buffer views (and accessors) of this part: positions, normals, indices and, with colours, COLOR_0.</summary>
    public int ViewCount => Colors.Length > 0 ? 4 : 3;
    public int VertexCount => PositionsM.Length / 3;

    /// <summary>Byte offset just past this part; every array is a multiple of 4 bytes, so views stay aligned.</summary>
    public long End => Offset + (PositionsM.Length + Normals.Length + Indices.Length + Colors.Length) * 4L;

    public static MeshPart Create(Mesh mesh, long offset, float[]? colorsSrgb = null)
    {
        if (colorsSrgb is not null && colorsSrgb.Length != mesh.PositionsMm.Length)
        {
            throw new ArgumentException($"mesh '{mesh.Name}' has {mesh.VertexCount} vertices but {colorsSrgb.Length / 3} vertex colours; give one r,g,b per vertex");
        }
        var colors = new float[colorsSrgb?.Length ?? 0];
        for (int n = 0; n < colors.Length; n++) colors[n] = (float)GlbWriter.SrgbToLinear(colorsSrgb![n]);
        var positions = new float[mesh.PositionsMm.Length];
        GltfCoordinates.LpsMmToGltfM(mesh.PositionsMm, positions);
        var normals = new float[positions.Length];
        GltfCoordinates.LpsToGltfDirection(mesh.Normals ?? MeshNormals.Compute(mesh), normals);
        var indices = new uint[mesh.Indices.Length];
        for (int n = 0; n < indices.Length; n++) indices[n] = (uint)mesh.Indices[n];
        // min/max are taken from the converted floats themselves so they match the buffer exactly.
        float[] min = [float.MaxValue, float.MaxValue, float.MaxValue], max = [float.MinValue, float.MinValue, float.MinValue];
        for (int n = 0; n < positions.Length; n += 3)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                float v = positions[n + axis];
                if (v < min[axis]) min[axis] = v;
                if (v > max[axis]) max[axis] = v;
            }
        }
        return new MeshPart(positions, normals, indices, colors, offset, min, max);
    }

    /// <summary>Index of this part's first buffer view: the views of every non-empty part before it.</summary>
    public int FirstView(List<MeshPart?> parts)
    {
        int view = 0;
        foreach (MeshPart? p in parts)
        {
            if (ReferenceEquals(p, this)) return view;
            if (p is not null) view += p.ViewCount;
        }
        throw new InvalidOperationException("mesh part is not in the scene's part list");
    }
}
