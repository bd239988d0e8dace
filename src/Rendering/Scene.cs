using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>What a GLB holds: named meshes in patient LPS mm (converted to glTF metres only when written).</summary>
public sealed class Scene
{
    /// <summary>The meshes, one glTF node each, in this order.</summary>
    public List<SceneMesh> Meshes { get; } = [];

    /// <summary>A scene with one node per mesh; extras get <c>segmentValue</c> when the table knows the mesh's name.</summary>
    public static Scene FromMeshes(IEnumerable<Mesh> meshes, SegmentTable? segments = null)
    {
        ArgumentNullException.ThrowIfNull(meshes);
        var scene = new Scene();
        foreach (Mesh mesh in meshes)
        {
            var extras = new Dictionary<string, object>();
            SegmentInfo? info = segments?.Find(mesh.Name);
            if (info is not null) extras["segmentValue"] = (int)info.Value;
            scene.Meshes.Add(SceneMesh.FromMesh(mesh, extras));
        }
        return scene;
    }
}
