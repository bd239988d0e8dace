using System.Globalization;
using System.Text;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>Wavefront OBJ with an MTL material for CAD and Blender: positions in patient LPS millimetres, the segment colour as diffuse colour.</summary>
public static class ObjWriter
{
    /// <summary>
    /// Writes name.obj and name.mtl into directory (created if missing): vertices in mm, normals when the mesh has
    /// them, faces counter-clockwise seen from outside. Returns the .obj path.
    /// </summary>
    public static string WriteFiles(Mesh mesh, string directory, string fileStem)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(fileStem);
        Directory.CreateDirectory(directory);
        string objPath = Path.Combine(directory, fileStem + ".obj"), mtlPath = Path.Combine(directory, fileStem + ".mtl");
        CultureInfo c = CultureInfo.InvariantCulture;
        string material = SafeName(mesh.Name);
        float r = mesh.Color.Length > 0 ? mesh.Color[0] : 0.8f, g = mesh.Color.Length > 1 ? mesh.Color[1] : 0.8f, b = mesh.Color.Length > 2 ? mesh.Color[2] : 0.8f;
        AtomicFile.Write(mtlPath, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(string.Create(c, $"# SurgicalNav {mesh.Name}\nnewmtl {material}\nKd {r:0.####} {g:0.####} {b:0.####}\nKa 0 0 0\nKs 0.1 0.1 0.1\nNs 20\nd 1\nillum 2\n"));
        });
        AtomicFile.Write(objPath, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write($"# SurgicalNav {mesh.Name}: patient LPS millimetres\nmtllib {fileStem}.mtl\no {material}\nusemtl {material}\n");
            float[] p = mesh.PositionsMm;
            for (int v = 0; v < mesh.VertexCount; v++) w.Write(string.Create(c, $"v {p[3 * v]:R} {p[3 * v + 1]:R} {p[3 * v + 2]:R}\n"));
            float[]? n = mesh.Normals;
            if (n is not null)
            {
                for (int v = 0; v < mesh.VertexCount; v++) w.Write(string.Create(c, $"vn {n[3 * v]:0.#####} {n[3 * v + 1]:0.#####} {n[3 * v + 2]:0.#####}\n"));
            }
            int[] idx = mesh.Indices;
            for (int t = 0; t < idx.Length; t += 3)
            {
                int a = idx[t] + 1, bb = idx[t + 1] + 1, cc = idx[t + 2] + 1;
                w.Write(n is null ? string.Create(c, $"f {a} {bb} {cc}\n") : string.Create(c, $"f {a}//{a} {bb}//{bb} {cc}//{cc}\n"));
            }
        });
        return objPath;
    }

    /// <summary>A material or file name from a segment name: letters, digits, '-' and '_' kept, anything else '_'.</summary>
    public static string SafeName(string name)
    {
        var s = new StringBuilder(name.Length);
        foreach (char ch in name) s.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        return s.Length == 0 ? "mesh" : s.ToString();
    }
}
