using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>
/// One named surface of a scene: its mesh in patient LPS mm, its colour as sRGB plus alpha (0..1), and
/// extras copied into the glTF node and mesh (strings, numbers and booleans).
/// </summary>
public sealed record SceneMesh(string Name, Mesh Mesh, float[] ColorRgba)
{
    /// <summary>Extra key/value pairs for glTF <c>extras</c>, such as <c>segmentValue</c>.</summary>
    public IReadOnlyDictionary<string, object> Extras { get; init; } = new Dictionary<string, object>();

    /// <summary>Optional sRGB colour per vertex (r, g, b in 0..1, three per vertex), written as glTF COLOR_0; null for none.</summary>
    public float[]? VertexColorsRgb { get; init; }

    /// <summary>A scene mesh named and coloured like its Mesh (alpha 1 when the mesh colour has none).</summary>
    public static SceneMesh FromMesh(Mesh mesh, IReadOnlyDictionary<string, object>? extras = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        float[] c = mesh.Color;
        float[] rgba = [c.Length > 0 ? c[0] : 1f, c.Length > 1 ? c[1] : 1f, c.Length > 2 ? c[2] : 1f, c.Length > 3 ? c[3] : 1f];
        return new SceneMesh(mesh.Name, mesh, rgba) { Extras = extras ?? new Dictionary<string, object>() };
    }
}
