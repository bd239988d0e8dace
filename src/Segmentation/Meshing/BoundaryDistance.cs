using SurgicalNav.Imaging;

namespace SurgicalNav.Segmentation.Meshing;

/// <summary>How far a segment's mesh lies from the boundary of its voxels (the faces between label and non-label voxels).</summary>
public static class BoundaryDistance
{
    // Boundary faces are looked for within this many voxels of each vertex; a vertex further away reports this reach.
    private const int Reach = 3;

    /// <summary>
    /// Mean and maximum distance in mm from the mesh's vertices to the nearest voxel face between value and
    /// any other value (outside the image counts as other). Both 0 for an empty mesh.
    /// </summary>
    public static (double MeanMm, double MaxMm) Measure(Mesh mesh, LabelMap labelMap, byte value)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(labelMap);
        if (mesh.VertexCount == 0) return (0, 0);
        Volume<byte> labels = labelMap.Labels;
        ImageGeometry g = labels.Geometry;
        Int3 d = g.Dimensions;
        double sx = g.SpacingMm.X, sy = g.SpacingMm.Y, sz = g.SpacingMm.Z;
        var distance = new double[mesh.VertexCount];
        Parallel.For(0, mesh.VertexCount, v =>
        {
            Vec3 q = g.PatientToIndex(new Vec3(mesh.PositionsMm[3 * v], mesh.PositionsMm[3 * v + 1], mesh.PositionsMm[3 * v + 2]));
            int ci = (int)Math.Round(q.X), cj = (int)Math.Round(q.Y), ck = (int)Math.Round(q.Z);
            double best = double.MaxValue;
            for (int k = ck - Reach; k <= ck + Reach; k++)
                for (int j = cj - Reach; j <= cj + Reach; j++)
                    for (int i = ci - Reach; i <= ci + Reach; i++)
                    {
                        if (!Is(labels, d, i, j, k, value)) continue;
                        // Faces of an inside voxel towards each outside neighbour: planes at half a voxel.
                        for (int axis = 0; axis < 3; axis++)
                            for (int side = -1; side <= 1; side += 2)
                            {
                                int ni = i + (axis == 0 ? side : 0), nj = j + (axis == 1 ? side : 0), nk = k + (axis == 2 ? side : 0);
                                if (Is(labels, d, ni, nj, nk, value)) continue;
                                double dx = Across(q.X - i, axis == 0, side) * sx, dy = Across(q.Y - j, axis == 1, side) * sy, dz = Across(q.Z - k, axis == 2, side) * sz;
                                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
                            }
                    }
            distance[v] = best == double.MaxValue ? Reach * Math.Min(sx, Math.Min(sy, sz)) : Math.Sqrt(best);
        });
        double sum = 0, max = 0;
        foreach (double x in distance) { sum += x; max = Math.Max(max, x); }
        return (sum / distance.Length, max);
    }

    private static bool Is(Volume<byte> labels, Int3 d, int i, int j, int k, byte value) =>
        (uint)i < (uint)d.X && (uint)j < (uint)d.Y && (uint)k < (uint)d.Z && labels.Data[(k * d.Y + j) * d.X + i] == value;

    /// <summary>Offset in voxels from a face: along its normal to the plane at ±0.5, across it outside the unit square.</summary>
    private static double Across(double offset, bool normal, int side) =>
        normal ? offset - 0.5 * side : Math.Max(0, Math.Abs(offset) - 0.5);
}
