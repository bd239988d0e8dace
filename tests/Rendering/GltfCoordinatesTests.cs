using SurgicalNav.Imaging;

namespace SurgicalNav.Rendering.Tests;

public class GltfCoordinatesTests
{
    [Test]
    public void LpsMmToGltfM_Point_MapsLeftSuperiorMinusPosteriorToMetres()
    {
        Vec3 m = GltfCoordinates.LpsMmToGltfM(new Vec3(10, 20, 30));

        Assert.That(m.X, Is.EqualTo(0.010).Within(1e-12));
        Assert.That(m.Y, Is.EqualTo(0.030).Within(1e-12));
        Assert.That(m.Z, Is.EqualTo(-0.020).Within(1e-12));
    }

    [Test]
    public void LpsMmToGltfM_FloatSpan_MatchesVec3Overload()
    {
        float[] lps = [10f, 20f, 30f, -1f, 2f, -3f];
        var gltf = new float[6];

        GltfCoordinates.LpsMmToGltfM(lps, gltf);

        Assert.That(gltf, Is.EqualTo(new[] { 0.010f, 0.030f, -0.020f, -0.001f, -0.003f, -0.002f }).Within(1e-7f));
    }

    [Test]
    public void LpsToGltfDirection_Basis_IsProperRotationKeepingHandedness()
    {
        Vec3 x = GltfCoordinates.LpsToGltfDirection(new Vec3(1, 0, 0));
        Vec3 y = GltfCoordinates.LpsToGltfDirection(new Vec3(0, 1, 0));
        Vec3 z = GltfCoordinates.LpsToGltfDirection(new Vec3(0, 0, 1));

        // Determinant +1: the image of x cross y is the image of z, so winding and outward normals survive.
        Assert.That(Vec3.Dot(Vec3.Cross(x, y), z), Is.EqualTo(1).Within(1e-12));
        Assert.That(z, Is.EqualTo(new Vec3(0, 1, 0)), "superior must be glTF +Y (up)");
    }
}
