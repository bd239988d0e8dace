using SurgicalNav.Imaging;
using SurgicalNav.Segmentation;

namespace SurgicalNav.Planning.Tests;

/// <summary>Synthetic label maps at 1 mm with SegmentTable.Abdomen() values, and helpers that walk a path.</summary>
internal static class PlanningScenes
{
    public const byte Body = 1, Bone = 2, Vessels = 3, Tumor = 5;

    /// <summary>80^3 grid at 1 mm; voxel (i, j, k) sits at (i, j, k) mm.</summary>
    public static LabelMap Empty() =>
        LabelMap.Empty(ImageGeometry.Axial(new Int3(80, 80, 80), new Vec3(1, 1, 1), Vec3.Zero), SegmentTable.Abdomen());

    public static void Paint(LabelMap map, Func<Vec3, bool> inside, byte value)
    {
        Int3 d = map.Geometry.Dimensions;
        for (int k = 0; k < d.Z; k++) for (int j = 0; j < d.Y; j++) for (int i = 0; i < d.X; i++)
            if (inside(map.Geometry.IndexToPatient(i, j, k))) map.Labels[i, j, k] = value;
    }

    public static readonly Vec3 SphereTumorCenter = new(40.25, 39.6, 40.4);
    public const double SphereTumorRadius = 6;
    public static readonly Vec3 BodyCenter = new(40, 40, 40);
    public const double BodyRadius = 36;

    /// <summary>
    /// Body sphere (r 36 mm), a tumour sphere (r 6 mm) near its centre, a bone slab on the -x side (x 8..14 mm) and a
    /// vessel cylinder (r 4 mm) along z at x = 40, y = 60 mm on the +y side.
    /// </summary>
    public static LabelMap SphereScene()
    {
        LabelMap map = Empty();
        Paint(map, p => (p - BodyCenter).Length <= BodyRadius, Body);
        Paint(map, p => p.X is >= 8 and <= 14 && (p - BodyCenter).Length <= BodyRadius, Bone);
        Paint(map, p => Math.Sqrt((p.X - 40) * (p.X - 40) + (p.Y - 60) * (p.Y - 60)) <= 4 && (p - BodyCenter).Length <= BodyRadius, Vessels);
        Paint(map, p => (p - SphereTumorCenter).Length <= SphereTumorRadius, Tumor);
        return map;
    }

    /// <summary>Labels met walking from a to b every 0.25 mm (nearest voxel), outside-image samples skipped.</summary>
    public static HashSet<byte> LabelsAlong(LabelMap map, Vec3 a, Vec3 b)
    {
        var seen = new HashSet<byte>();
        double length = (b - a).Length;
        int steps = (int)Math.Ceiling(length / 0.25);
        for (int s = 0; s <= steps; s++)
        {
            Int3? v = map.Geometry.NearestVoxel(a + (b - a) * (s / (double)steps));
            if (v is Int3 q) seen.Add(map.Labels[q.X, q.Y, q.Z]);
        }
        return seen;
    }

    /// <summary>True when the voxel nearest the point is background or has a background 6-neighbour (a skin voxel).</summary>
    public static bool OnSurface(LabelMap map, Vec3 pointMm)
    {
        Int3 q = map.Geometry.NearestVoxel(pointMm) ?? throw new AssertionException($"entry {pointMm} is outside the image");
        if (map.Labels[q.X, q.Y, q.Z] == 0) return true;
        foreach ((int dx, int dy, int dz) in new[] { (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1) })
        {
            int i = q.X + dx, j = q.Y + dy, k = q.Z + dz;
            if (!map.Geometry.Contains(i, j, k) || map.Labels[i, j, k] == 0) return true;
        }
        return false;
    }
}
