using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using SurgicalNav.Imaging.IO;

namespace SurgicalNav.Imaging.Nrrd;

/// <summary>
/// Reads and writes 3D NRRD files (NRRD0004, raw or gzip, little endian) in patient LPS. RAS headers are
/// converted to LPS on read. Key/value pairs (key:=value) carry extra metadata such as Slicer's segment table.
/// </summary>
public static partial class NrrdFile
{
    /// <summary>Writes a volume; gzip trades write speed for size. Extra key/value pairs go into the header.</summary>
    public static void Write<T>(string path, Volume<T> volume, bool gzip = false, IReadOnlyDictionary<string, string>? keyValues = null)
        where T : unmanaged
    {
        string header = BuildHeader(NrrdType<T>(), volume.Geometry, gzip, keyValues);
        AtomicFile.Write(path, stream =>
        {
            byte[] headerBytes = Encoding.ASCII.GetBytes(header);
            stream.Write(headerBytes);
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(volume.Voxels);
            if (gzip)
            {
                using var z = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
                WriteChunked(z, bytes);
            }
            else
            {
                WriteChunked(stream, bytes);
            }
        });
    }

    /// <summary>Reads only the header; throws <see cref="NrrdFormatException"/> naming the file when it is not a valid 3D NRRD.</summary>
    public static NrrdHeader ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new NrrdFormatException($"'{path}' does not exist; check the path");
        using var stream = File.OpenRead(path);
        return ParseHeader(stream, path);
    }

    /// <summary>
    /// Reads a volume. The file's pixel type must match T or convert to it without loss of meaning
    /// (integers widen; values outside T's range are rejected).
    /// </summary>
    public static (Volume<T> Volume, NrrdHeader Header) Read<T>(string path) where T : unmanaged
    {
        NrrdHeader header = ReadHeader(path);
        var volume = new Volume<T>(header.Geometry);
        string dataPath = header.DataFile is null ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, header.DataFile);
        using var file = File.OpenRead(dataPath);
        if (header.DataFile is null) file.Seek(header.DataOffset, SeekOrigin.Begin);
        Stream data = header.Encoding switch
        {
            "raw" => file,
            "gzip" or "gz" => new GZipStream(file, CompressionMode.Decompress),
            _ => throw new NrrdFormatException($"'{path}': encoding '{header.Encoding}' is not supported; re-save it as raw or gzip"),
        };
        try
        {
            ReadInto(data, header, volume, path);
        }
        catch (InvalidDataException e)
        {
            throw new NrrdFormatException($"'{path}': the compressed voxel data is corrupt ({e.Message}); re-export the file", e);
        }
        finally
        {
            if (!ReferenceEquals(data, file)) data.Dispose();
        }
        return (volume, header);
    }

    private static void WriteChunked(Stream stream, ReadOnlySpan<byte> bytes)
    {
        const int chunk = 1 << 22;
        for (int offset = 0; offset < bytes.Length; offset += chunk)
        {
            stream.Write(bytes.Slice(offset, Math.Min(chunk, bytes.Length - offset)));
        }
    }

    private static void ReadInto<T>(Stream data, NrrdHeader header, Volume<T> volume, string path) where T : unmanaged
    {
        string want = NrrdType<T>();
        int fileSize = TypeSize(header.Type, path);
        long count = volume.Geometry.VoxelCount;
        if (header.Type == want && !header.BigEndian)
        {
            Span<byte> target = MemoryMarshal.AsBytes(volume.Voxels);
            ReadExactly(data, target, path);
            return;
        }
        // Convert through a buffer: widen integer types, swap big-endian data.
        var buffer = new byte[Math.Min(count * fileSize, 1 << 22) / fileSize * fileSize];
        Span<T> voxels = volume.Voxels;
        long done = 0;
        while (done < count)
        {
            int n = (int)Math.Min(buffer.Length / fileSize, count - done);
            ReadExactly(data, buffer.AsSpan(0, n * fileSize), path);
            for (int i = 0; i < n; i++)
            {
                double v = ReadValue(buffer.AsSpan(i * fileSize, fileSize), header.Type, header.BigEndian);
                voxels[(int)(done + i)] = ConvertValue<T>(v, path, header.Type);
            }
            done += n;
        }
    }

    private static void ReadExactly(Stream s, Span<byte> target, string path)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = s.Read(target[total..]);
            if (n == 0)
            {
                throw new NrrdFormatException(
                    $"'{path}' is truncated: expected {target.Length} bytes of voxel data, found {total}; the file was cut short, re-export it");
            }
            total += n;
        }
    }
}
