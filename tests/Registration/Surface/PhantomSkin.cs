using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Registration.Surface;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Registration.Tests.Surface;

/// <summary>The phantom's skin (labels > 0) as a smoothed surface-nets mesh with normals, built once for all ICP tests.</summary>
internal static class PhantomSkin
{
    private static readonly Lazy<Mesh> Shared = new(() => Build(new Int3(128, 128, 96)));

    public static Mesh Mesh => Shared.Value;

    public static Mesh Build(Int3 size)
    {
        PhantomResult phantom = AbdomenPhantom.Generate(new PhantomOptions(size, Seed: 3));
        Volume<byte> body = phantom.Labels.CreateLike<byte>();
        byte[] src = phantom.Labels.Data, dst = body.Data;
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] > 0 ? (byte)1 : (byte)0;
        Mesh raw = SurfaceNets.Extract(body, 1, 1, "skin", [1f, 0.8f, 0.7f]);
        Mesh smooth = MeshSmoothing.Taubin(raw, 10);
        smooth.Normals = MeshNormals.Compute(smooth);
        return smooth;
    }

    public static IcpSurface Surface(Mesh mesh) => new(mesh.PositionsMm, mesh.Normals!);

    /// <summary>Points sampled uniformly at random on the mesh's triangles (not at its vertices), mm.</summary>
    public static Vec3[] SampleOnTriangles(Mesh mesh, int count, Random rng)
    {
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        var result = new Vec3[count];
        for (int s = 0; s < count; s++)
        {
            int t = rng.Next(mesh.TriangleCount) * 3;
            double u = rng.NextDouble(), v = rng.NextDouble();
            if (u + v > 1) { u = 1 - u; v = 1 - v; }
            Vec3 a = V(p, idx[t]), b = V(p, idx[t + 1]), c = V(p, idx[t + 2]);
            result[s] = a + u * (b - a) + v * (c - a);
        }
        return result;
    }

    public static float[] ToFloats(IEnumerable<Vec3> points) => points.SelectMany(q => new[] { (float)q.X, (float)q.Y, (float)q.Z }).ToArray();

    private static Vec3 V(float[] p, int i) => new(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
}
