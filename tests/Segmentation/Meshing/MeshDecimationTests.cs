using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Meshing;

public class MeshDecimationTests
{
    private static Mesh SmoothSphere()
    {
        var geometry = ImageGeometry.Axial(new Int3(40, 40, 40), new Vec3(1, 1, 1), new Vec3(-19.5, -19.5, -19.5));
        LabelMap map = MeshingShapes.Fill(geometry, p => p.Length <= 15);
        return LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0 }).Single();
    }

    [Test]
    public void Decimate_SphereToTenPercent_StaysClosedManifoldWithoutFlips()
    {
        Mesh source = SmoothSphere();
        int target = source.TriangleCount / 10;

        Mesh mesh = MeshDecimation.Decimate(source, target);

        Assert.That(mesh.TriangleCount, Is.LessThanOrEqualTo(target).And.GreaterThan(target - 4));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        // Outward winding kept everywhere: every face normal points away from the centre.
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            Vec3 a = P(mesh, mesh.Indices[3 * t]), b = P(mesh, mesh.Indices[3 * t + 1]), c = P(mesh, mesh.Indices[3 * t + 2]);
            Vec3 n = Vec3.Cross(b - a, c - a);
            Assert.That(Vec3.Dot(n, (a + b + c) / 3), Is.GreaterThan(0), $"triangle {t} faces inward");
        }
        double volume = MeshMetrics.EnclosedVolumeMm3(mesh), before = MeshMetrics.EnclosedVolumeMm3(source);
        Assert.That(Math.Abs(volume - before) / before, Is.LessThan(0.01));
    }

    /// <summary>A unit icosahedron subdivided `levels` times and pushed out to radius r mm: 20 * 4^levels triangles.</summary>
    private static Mesh Icosphere(int levels, double r)
    {
        double g = (1 + Math.Sqrt(5)) / 2;
        var points = new List<Vec3>
        {
            new(-1, g, 0), new(1, g, 0), new(-1, -g, 0), new(1, -g, 0), new(0, -1, g), new(0, 1, g),
            new(0, -1, -g), new(0, 1, -g), new(g, 0, -1), new(g, 0, 1), new(-g, 0, -1), new(-g, 0, 1),
        };
        var faces = new List<int> { 0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8, 3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1 };
        for (int level = 0; level < levels; level++)
        {
            var middle = new Dictionary<(int, int), int>();
            int Mid(int a, int b)
            {
                var key = a < b ? (a, b) : (b, a);
                if (!middle.TryGetValue(key, out int m)) { middle[key] = m = points.Count; points.Add((points[a] + points[b]) / 2); }
                return m;
            }
            var next = new List<int>(faces.Count * 4);
            for (int t = 0; t < faces.Count; t += 3)
            {
                int a = faces[t], b = faces[t + 1], c = faces[t + 2], ab = Mid(a, b), bc = Mid(b, c), ca = Mid(c, a);
                next.AddRange([a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca]);
            }
            faces = next;
        }
        var positions = new float[points.Count * 3];
        for (int v = 0; v < points.Count; v++)
        {
            Vec3 p = points[v] * (r / points[v].Length);
            positions[3 * v] = (float)p.X; positions[3 * v + 1] = (float)p.Y; positions[3 * v + 2] = (float)p.Z;
        }
        return new Mesh("icosphere", [1f, 1f, 1f], positions, [.. faces]);
    }

    [Test]
    public void Decimate_LargeMeshInParallelSlabs_ClosedSphereWithinTargetAndErrorAcrossSeams()
    {
        Mesh source = Icosphere(7, 50);
        Assert.That(source.TriangleCount, Is.EqualTo(327_680), "big enough to take the parallel slab path (200k and up)");

        Mesh mesh = MeshDecimation.Decimate(source, 20_000);

        Assert.That(mesh.TriangleCount, Is.LessThanOrEqualTo(20_000).And.GreaterThan(19_990));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        // 20k triangles on r = 50 mm: edges about 3.3 mm, chord sag about 0.03 mm; allow 0.1 mm.
        for (int v = 0; v < mesh.VertexCount; v++) Assert.That(Math.Abs(P(mesh, v).Length - 50), Is.LessThan(0.1), $"vertex {v}");
        double volume = MeshMetrics.EnclosedVolumeMm3(mesh), sphere = 4.0 / 3.0 * Math.PI * 125_000;
        Assert.That(Math.Abs(volume - sphere) / sphere, Is.LessThan(0.005));
    }

    [TestCase(0.1)]
    [TestCase(0.3)]
    public void Decimate_MaxError_EveryVertexWithinErrorOfSource(double maxErrorMm)
    {
        Mesh source = SmoothSphere();

        Mesh mesh = MeshDecimation.Decimate(source, 0, maxErrorMm);

        Assert.That(mesh.TriangleCount, Is.LessThan(source.TriangleCount / 2));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        double worst = 0;
        for (int v = 0; v < mesh.VertexCount; v++) worst = Math.Max(worst, DistanceToMesh(P(mesh, v), source));
        // Tolerance: the requested error, plus 1 µm for float rounding.
        Assert.That(worst, Is.LessThanOrEqualTo(maxErrorMm + 1e-3), $"worst vertex {worst:F3} mm from the source surface");
    }

    [Test]
    public void Decimate_LockedVertices_StayExactlyInPlace()
    {
        Mesh source = SmoothSphere();
        var locked = new bool[source.VertexCount];
        for (int v = 0; v < source.VertexCount; v++) locked[v] = source.PositionsMm[3 * v] > 5;
        int lockedCount = locked.Count(l => l);

        Mesh mesh = MeshDecimation.Decimate(source, source.TriangleCount / 10, double.PositiveInfinity, locked);

        var kept = new HashSet<(float, float, float)>();
        for (int v = 0; v < mesh.VertexCount; v++) kept.Add((mesh.PositionsMm[3 * v], mesh.PositionsMm[3 * v + 1], mesh.PositionsMm[3 * v + 2]));
        int found = 0;
        for (int v = 0; v < source.VertexCount; v++)
        {
            if (locked[v] && kept.Contains((source.PositionsMm[3 * v], source.PositionsMm[3 * v + 1], source.PositionsMm[3 * v + 2]))) found++;
        }
        Assert.That(found, Is.EqualTo(lockedCount));
        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
    }

    [Test]
    public void Decimate_NegativeTarget_ThrowsNamingTheParameter()
    {
        Assert.That(() => MeshDecimation.Decimate(SmoothSphere(), -1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("target triangle count"));
    }

    internal static Vec3 P(Mesh m, int v) => new(m.PositionsMm[3 * v], m.PositionsMm[3 * v + 1], m.PositionsMm[3 * v + 2]);

    /// <summary>Distance in mm from p to the nearest triangle of m (brute force).</summary>
    internal static double DistanceToMesh(Vec3 p, Mesh m)
    {
        double best = double.MaxValue;
        for (int t = 0; t < m.TriangleCount; t++)
        {
            best = Math.Min(best, DistanceToTriangle(p, P(m, m.Indices[3 * t]), P(m, m.Indices[3 * t + 1]), P(m, m.Indices[3 * t + 2])));
        }
        return best;
    }

    /// <summary>Exact point-triangle distance (Ericson, Real-Time Collision Detection 5.1.5).</summary>
    private static double DistanceToTriangle(Vec3 p, Vec3 a, Vec3 b, Vec3 c)
    {
        Vec3 ab = b - a, ac = c - a, ap = p - a;
        double d1 = Vec3.Dot(ab, ap), d2 = Vec3.Dot(ac, ap);
        if (d1 <= 0 && d2 <= 0) return (p - a).Length;
        Vec3 bp = p - b;
        double d3 = Vec3.Dot(ab, bp), d4 = Vec3.Dot(ac, bp);
        if (d3 >= 0 && d4 <= d3) return (p - b).Length;
        double vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) return (p - (a + ab * (d1 / (d1 - d3)))).Length;
        Vec3 cp = p - c;
        double d5 = Vec3.Dot(ab, cp), d6 = Vec3.Dot(ac, cp);
        if (d6 >= 0 && d5 <= d6) return (p - c).Length;
        double vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) return (p - (a + ac * (d2 / (d2 - d6)))).Length;
        double va = d3 * d6 - d5 * d4;
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return (p - (b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))))).Length;
        double denom = 1 / (va + vb + vc);
        return (p - (a + ab * (vb * denom) + ac * (vc * denom))).Length;
    }
}
