using SurgicalNav.Imaging;

namespace SurgicalNav.Rendering;

/// <summary>
/// The one place where patient LPS millimetres become glTF metres. glTF is right-handed with +Y up and
/// +Z toward the viewer; we map L → +X, S → +Y and P → -Z, so glTF (x, y, z) = (L, S, -P) / 1000, which is
/// (x_lps, z_lps, -y_lps) / 1000. The rotation part has determinant +1, so triangle winding and
/// handedness are preserved; normals use the same rotation without the scale.
/// </summary>
public static class GltfCoordinates
{
    /// <summary>Metres per millimetre.</summary>
    public const double MetresPerMm = 0.001;

    /// <summary>A patient LPS point in mm as a glTF point in metres (+Y up = superior, -Z = posterior).</summary>
    public static Vec3 LpsMmToGltfM(Vec3 lpsMm) => new(lpsMm.X * MetresPerMm, lpsMm.Z * MetresPerMm, -lpsMm.Y * MetresPerMm);

    /// <summary>A unit direction in LPS as a glTF direction (same rotation, no scale).</summary>
    public static Vec3 LpsToGltfDirection(Vec3 lps) => new(lps.X, lps.Z, -lps.Y);

    /// <summary>
    /// Converts packed xyz LPS mm floats to packed glTF metre floats; source and destination hold 3 floats
    /// per point and may be the same span.
    /// </summary>
    public static void LpsMmToGltfM(ReadOnlySpan<float> lpsMm, Span<float> gltfM)
    {
        Convert(lpsMm, gltfM, (float)MetresPerMm);
    }

    /// <summary>Converts packed xyz LPS directions (normals) to glTF directions; 3 floats per vector, may alias.</summary>
    public static void LpsToGltfDirection(ReadOnlySpan<float> lps, Span<float> gltf)
    {
        Convert(lps, gltf, 1f);
    }

    private static void Convert(ReadOnlySpan<float> src, Span<float> dst, float scale)
    {
        if (src.Length % 3 != 0) throw new ArgumentException($"expected 3 floats per vector, got {src.Length} floats", nameof(src));
        if (dst.Length < src.Length) throw new ArgumentException($"destination holds {dst.Length} floats but {src.Length} are needed", nameof(dst));
        for (int n = 0; n < src.Length; n += 3)
        {
            float x = src[n], y = src[n + 1], z = src[n + 2];
            dst[n] = x * scale;
            dst[n + 1] = z * scale;
            dst[n + 2] = -y * scale;
        }
    }
}
