using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class FeatureNormalsTests
{
    /// <summary>A closed 2 mm cube, 8 welded corners, 12 outward triangles.</summary>
    private static Mesh Cube()
    {
        var positions = new float[24];
        for (int c = 0; c < 8; c++)
        {
            positions[3 * c] = 2 * (c & 1); positions[3 * c + 1] = 2 * (c >> 1 & 1); positions[3 * c + 2] = 2 * (c >> 2 & 1);
        }
        int[] quads = [0, 2, 3, 1, 4, 5, 7, 6, 0, 1, 5, 4, 2, 6, 7, 3, 0, 4, 6, 2, 1, 3, 7, 5];
        var indices = new List<int>();
        for (int q = 0; q < 24; q += 4) indices.AddRange([quads[q], quads[q + 1], quads[q + 2], quads[q], quads[q + 2], quads[q + 3]]);
        return new Mesh("cube", [1f, 1f, 1f], positions, [.. indices]);
    }

    [Test]
    public void Split_CubeAt30Degrees_EveryCornerGetsItsThreeFaceNormals()
    {
        Mesh cube = Cube();
        Assert.That(MeshMetrics.IsWatertight(cube) && MeshMetrics.EnclosedVolumeMm3(cube) > 0, Is.True, "test cube is closed and outward");

        Mesh split = FeatureNormals.Split(cube, 30);

        Assert.That(split.VertexCount, Is.EqualTo(24));
        Assert.That(split.TriangleCount, Is.EqualTo(12));
        for (int c = 0; c < 8; c++)
        {
            var corner = new Vec3(2 * (c & 1), 2 * (c >> 1 & 1), 2 * (c >> 2 & 1));
            var normals = Enumerable.Range(0, split.VertexCount)
                .Where(v => new Vec3(split.PositionsMm[3 * v], split.PositionsMm[3 * v + 1], split.PositionsMm[3 * v + 2]) == corner)
                .Select(v => new Vec3(split.Normals![3 * v], split.Normals[3 * v + 1], split.Normals[3 * v + 2])).ToList();
            Assert.That(normals, Has.Count.EqualTo(3), $"corner {corner}");
            // Each is a face normal: one axis at ±1 pointing away from the cube centre (1, 1, 1), to 1e-6.
            foreach (Vec3 n in normals)
            {
                Vec3 outward = corner - new Vec3(1, 1, 1);
                Assert.That(Math.Abs(n.X) + Math.Abs(n.Y) + Math.Abs(n.Z), Is.EqualTo(1).Within(1e-6));
                Assert.That(n.X * outward.X + n.Y * outward.Y + n.Z * outward.Z, Is.EqualTo(1).Within(1e-6));
            }
        }
    }

    [Test]
    public void Split_CubeAt180Degrees_NoSplitAndCornerNormalsDiagonal()
    {
        Mesh split = FeatureNormals.Split(Cube(), 180);

        Assert.That(split.VertexCount, Is.EqualTo(8));
    }

    /// <summary>An icosphere of radius 10 mm: the icosahedron subdivided 3 times (1280 triangles), vertices on the sphere.</summary>
    private static Mesh Icosphere()
    {
        double g = (1 + Math.Sqrt(5)) / 2;
        var points = new List<Vec3>
        {
            new(-1, g, 0), new(1, g, 0), new(-1, -g, 0), new(1, -g, 0), new(0, -1, g), new(0, 1, g),
            new(0, -1, -g), new(0, 1, -g), new(g, 0, -1), new(g, 0, 1), new(-g, 0, -1), new(-g, 0, 1),
        };
        var faces = new List<int>
        {
            0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
            3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
        };
        for (int level = 0; level < 3; level++)
        {
            var midpoint = new Dictionary<(int, int), int>();
            int Mid(int a, int b)
            {
                (int, int) key = a < b ? (a, b) : (b, a);
                if (!midpoint.TryGetValue(key, out int m))
                {
                    midpoint[key] = m = points.Count;
                    points.Add(0.5 * (points[a] + points[b]));
                }
                return m;
            }
            var next = new List<int>();
            for (int t = 0; t < faces.Count; t += 3)
            {
                int a = faces[t], b = faces[t + 1], c = faces[t + 2], ab = Mid(a, b), bc = Mid(b, c), ca = Mid(c, a);
                next.AddRange([a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca]);
            }
            faces = next;
        }
        float[] positions = points.SelectMany(p => { Vec3 s = p * (10 / p.Length); return new[] { (float)s.X, (float)s.Y, (float)s.Z }; }).ToArray();
        return new Mesh("sphere", [1f, 1f, 1f], positions, [.. faces]);
    }

    [Test]
    public void Split_SphereAt30Degrees_NoVertexSplitAndNormalsRadial()
    {
        Mesh sphere = Icosphere();
        Assert.That(MeshMetrics.IsWatertight(sphere) && MeshMetrics.EnclosedVolumeMm3(sphere) > 0, Is.True, "test sphere is closed and outward");

        Mesh split = FeatureNormals.Split(sphere, 30);

        Assert.That(split.VertexCount, Is.EqualTo(sphere.VertexCount));
        double worst = 0;
        for (int v = 0; v < split.VertexCount; v++)
        {
            var p = new Vec3(split.PositionsMm[3 * v], split.PositionsMm[3 * v + 1], split.PositionsMm[3 * v + 2]);
            var n = new Vec3(split.Normals![3 * v], split.Normals[3 * v + 1], split.Normals[3 * v + 2]);
            worst = Math.Max(worst, Math.Acos(Math.Clamp((n.X * p.X + n.Y * p.Y + n.Z * p.Z) / p.Length, -1, 1)) * 180 / Math.PI);
        }
        // Area-weighted normals of a 1280-triangle icosphere stay within 2° of radial.
        Assert.That(worst, Is.LessThan(2), $"worst normal {worst:F2}° off radial");
    }

    [Test]
    public void Split_AngleOutOfRange_ThrowsNamingTheRange()
    {
        Assert.That(() => FeatureNormals.Split(Cube(), 200), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("0..180"));
    }
}
