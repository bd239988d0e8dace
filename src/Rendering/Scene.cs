using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>What a GLB holds: named meshes in patient LPS mm (converted to glTF metres only when written).</summary>
public sealed class Scene
{
    /// <summary>The meshes, one glTF node each, in this order.</summary>
    public List<SceneMesh> Meshes { get; } = [];

    /// <summary>A scene with one node per mesh; extras get <c>segmentValue</c> when the table knows the mesh's name (or, for a part \"name#k\", its segment's).</summary>
    public static Scene FromMeshes(IEnumerable<Mesh> meshes, SegmentTable? segments = null)
    {
        ArgumentNullException.ThrowIfNull(meshes);
        var scene = new Scene();
        foreach (Mesh mesh in meshes)
        {
            var extras = new Dictionary<string, object>();
            // A connected part "liver#2" belongs to segment "liver".
            int part = mesh.Name.LastIndexOf('#');
            SegmentInfo? info = segments?.Find(mesh.Name) ?? (part > 0 ? segments?.Find(mesh.Name[..part]) : null);
            if (info is not null) extras["segmentValue"] = (int)info.Value;
            scene.Meshes.Add(SceneMesh.FromMesh(mesh, extras));
        }
        return scene;
    }
}
