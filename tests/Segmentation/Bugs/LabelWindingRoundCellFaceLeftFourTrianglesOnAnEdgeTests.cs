using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Segmentation.Tests.Bugs;

/// <summary>
/// A label on one diagonal of a cell face that joins up with itself inside both cells beside the face (a ring
/// round a face whose other diagonal the complement passes through) gave one surface-nets edge four triangles:
/// the demo's body and liver and any noisy label map were not watertight, raw or decimated.
/// </summary>
public class LabelWindingRoundCellFaceLeftFourTrianglesOnAnEdgeTests
{
    private static LabelMap Noise(int seed, double spacingZ)
    {
        var geometry = new ImageGeometry(new Int3(23, 19, 17), new Vec3(0.9, 0.7, spacingZ), new Vec3(-10, -7, -12), Matrix3.Identity);
        var table = new SegmentTable([new SegmentInfo(1, "a", [1f, 0f, 0f]), new SegmentInfo(2, "b", [0f, 1f, 0f]), new SegmentInfo(3, "c", [0f, 0f, 1f])]);
        LabelMap map = LabelMap.Empty(geometry, table);
        var random = new Random(seed);
        byte[] data = map.Labels.Data;
        for (int n = 0; n < data.Length; n++) data[n] = (byte)random.Next(4);
        return map;
    }

    /// <summary>Every edge in exactly two triangles, once each way, and every vertex's triangles one fan round it.</summary>
    private static string? ManifoldProblem(Mesh mesh)
    {
        if (!MeshMetrics.IsWatertight(mesh)) return "an edge is not used exactly once in each direction";
        int[] idx = mesh.Indices;
        // Next vertex round each vertex's link: for triangle (a, b, c), at a the link edge runs b -> c.
        var next = new Dictionary<(int, int), int>();
        var start = new Dictionary<int, int>();
        var linkSize = new int[mesh.VertexCount];
        for (int t = 0; t < idx.Length; t += 3)
        {
            for (int k = 0; k < 3; k++)
            {
                int a = idx[t + k], b = idx[t + (k + 1) % 3], c = idx[t + (k + 2) % 3];
                next[(a, b)] = c;
                start.TryAdd(a, b);
                linkSize[a]++;
            }
        }
        foreach ((int v, int first) in start)
        {
            int steps = 0, w = first;
            do { w = next[(v, w)]; steps++; } while (w != first && steps <= linkSize[v]);
            if (steps != linkSize[v]) return $"vertex {v}: {linkSize[v]} triangles form more than one fan";
        }
        return null;
    }

    [TestCase(1, 1.0)]
    [TestCase(7, 1.3)]
    [TestCase(42, 0.6)]
    public void Build_SeededNoiseLabelMap_EveryLabelClosedTwoManifoldRawSmoothedAndDecimated(int seed, double spacingZ)
    {
        LabelMap map = Noise(seed, spacingZ);
        var settings = new (string What, MeshingOptions Options)[]
        {
            ("raw", new MeshingOptions { SmoothingIterations = 0, MaxTriangles = 0 }),
            ("smoothed", new MeshingOptions { MaxTriangles = 0 }),
            // The budget forced all the way (no deviation floor), to test topology under heavy decimation.
            ("decimated", new MeshingOptions { MaxTriangles = 6000, MaxDeviationMm = double.PositiveInfinity }),
        };
        foreach ((string what, MeshingOptions options) in settings)
        {
            IReadOnlyList<Mesh> meshes = LabelMeshes.Build(map, options);
            Assert.That(meshes, Has.Count.EqualTo(3));
            foreach (Mesh mesh in meshes)
            {
                Assert.That(mesh.TriangleCount, Is.GreaterThan(0));
                Assert.That(ManifoldProblem(mesh), Is.Null, $"{what} label {mesh.Name}, seed {seed}");
            }
            if (what == "decimated") Assert.That(meshes.Sum(m => m.TriangleCount), Is.LessThanOrEqualTo(6000 + 3 * 4));
        }
    }
}
