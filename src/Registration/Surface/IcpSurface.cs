namespace SurgicalNav.Registration.Surface;

/// <summary>
/// The fixed surface for ICP: vertex positions and unit vertex normals (3 floats each, mm, fixed frame such as
/// image LPS) with a k-d tree over the vertices. Build it once per surface and reuse it for every registration.
/// </summary>
public sealed class IcpSurface
{
    /// <summary>Indexes a surface; <paramref name="normals"/> must have one unit normal per vertex.</summary>
    public IcpSurface(float[] positionsMm, float[] normals)
    {
        ArgumentNullException.ThrowIfNull(positionsMm);
        ArgumentNullException.ThrowIfNull(normals);
        if (positionsMm.Length < 9 || positionsMm.Length % 3 != 0)
        {
            throw new RegistrationException($"an ICP surface needs at least 3 vertices as x,y,z triples, got {positionsMm.Length} floats; is the segmentation empty?");
        }
        if (normals.Length != positionsMm.Length)
        {
            throw new RegistrationException($"an ICP surface needs one normal per vertex: {positionsMm.Length / 3} vertices but {normals.Length / 3} normals; compute vertex normals first");
        }
        PositionsMm = positionsMm;
        Normals = normals;
        Tree = new KdTree(positionsMm);
        SlotPositions = new float[Tree.SlotCount * 3];
        SlotNormals = new float[Tree.SlotCount * 3];
        for (int slot = 0; slot < Tree.SlotCount; slot++)
        {
            int v = Tree.PointOfSlot(slot);
            if (v < 0) continue;
            for (int a = 0; a < 3; a++)
            {
                SlotPositions[3 * slot + a] = positionsMm[3 * v + a];
                SlotNormals[3 * slot + a] = normals[3 * v + a];
            }
        }
    }

    /// <summary>Vertex positions by k-d tree slot (x,y,z per slot, zeros in padding slots), so a match reads memory near its leaf.</summary>
    internal float[] SlotPositions { get; }

    /// <summary>Unit normals by k-d tree slot, as <see cref="SlotPositions"/>.</summary>
    internal float[] SlotNormals { get; }

    /// <summary>Vertex positions, x,y,z per vertex, mm in the fixed frame.</summary>
    public float[] PositionsMm { get; }

    /// <summary>Unit vertex normals, x,y,z per vertex, fixed frame.</summary>
    public float[] Normals { get; }

    /// <summary>Nearest-vertex search over <see cref="PositionsMm"/>.</summary>
    public KdTree Tree { get; }

    /// <summary>Number of vertices.</summary>
    public int VertexCount => PositionsMm.Length / 3;
}
