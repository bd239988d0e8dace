using System.Buffers.Binary;
using System.Text;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Rendering;

/// <summary>Binary STL for 3D printing: one mesh per file, positions in patient LPS millimetres (STL has no unit; printers and CAD read mm).</summary>
public static class StlWriter
{
    /// <summary>Writes the mesh as binary STL (80-byte header, triangle count, per triangle a unit facet normal and three corners in mm).</summary>
    public static void Write(Mesh mesh, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[80];
        Encoding.ASCII.GetBytes($"SurgicalNav {mesh.Name} LPS mm".PadRight(80)[..80]).CopyTo(header, 0);
        stream.Write(header);
        Span<byte> record = stackalloc byte[50];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)mesh.TriangleCount);
        stream.Write(record[..4]);
        float[] p = mesh.PositionsMm;
        int[] idx = mesh.Indices;
        for (int t = 0; t < idx.Length; t += 3)
        {
            int a = 3 * idx[t], b = 3 * idx[t + 1], c = 3 * idx[t + 2];
            float ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
            float vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
            float nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
            float length = MathF.Sqrt(nx * nx + ny * ny + nz * nz);
            if (length > 0) { nx /= length; ny /= length; nz /= length; }
            Span<float> values = [nx, ny, nz, p[a], p[a + 1], p[a + 2], p[b], p[b + 1], p[b + 2], p[c], p[c + 1], p[c + 2]];
            for (int n = 0; n < 12; n++) BinaryPrimitives.WriteSingleLittleEndian(record[(4 * n)..], values[n]);
            record[48] = 0;
            record[49] = 0;
            stream.Write(record);
        }
    }

    /// <summary>Writes the mesh to a binary STL file (mm) via a temporary file renamed into place.</summary>
    public static void WriteFile(Mesh mesh, string path) => AtomicFile.Write(path, stream => Write(mesh, stream));
}
