using System.IO.Compression;
using System.Runtime.InteropServices;
using SurgicalNav.Imaging.IO;

namespace SurgicalNav.Imaging.Nifti;

/// <summary>
/// Reads and writes 3D NIfTI-1 single files (<c>.nii</c>, and gzip-compressed <c>.nii.gz</c>). NIfTI's world frame is
/// RAS and ours is patient LPS, so x and y change sign on the way in and out. On read the geometry comes from the
/// sform when sform_code &gt; 0, else from the qform quaternion, else from pixdim alone; on write both are stored.
/// </summary>
public static partial class NiftiFile
{
    /// <summary>True for a path that names a NIfTI file by its extension (.nii or .nii.gz, any case).</summary>
    public static bool IsNiftiPath(string path) =>
        path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads only the header (geometry in patient LPS mm); throws <see cref="NiftiFormatException"/> naming the file when it is not a usable 3D NIfTI-1.</summary>
    public static NiftiHeader ReadHeader(string path)
    {
        using Stream data = OpenData(path, out long fileLength, out bool compressed);
        return ParseHeader(data, path, fileLength, compressed);
    }

    /// <summary>
    /// Reads a volume into voxel type <typeparamref name="T"/> with scl_slope/scl_inter applied. Integers are rounded
    /// to the nearest value; a value that does not fit <typeparamref name="T"/> is an error that names the file.
    /// </summary>
    public static (Volume<T> Volume, NiftiHeader Header) Read<T>(string path) where T : unmanaged =>
        Read<T>(path, Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2, 1L << 30, 16L << 30));

    /// <summary>As <see cref="Read{T}(string)"/>, refusing a volume larger than <paramref name="memoryCapBytes"/> before allocating it.</summary>
    internal static (Volume<T> Volume, NiftiHeader Header) Read<T>(string path, long memoryCapBytes) where T : unmanaged
    {
        using Stream data = OpenData(path, out long fileLength, out bool compressed);
        NiftiHeader header = ParseHeader(data, path, fileLength, compressed);
        // A compressed file's size says nothing about its voxel count, so a damaged or hostile header is caught here.
        long bytes = header.Geometry.VoxelCount * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes > memoryCapBytes)
        {
            Int3 d = header.Geometry.Dimensions;
            throw new NiftiFormatException(
                $"'{path}' would need {bytes >> 20} MiB as a volume ({d.X}x{d.Y}x{d.Z} voxels), more than the cap of {memoryCapBytes >> 20} MiB (half this machine's memory, at most 16 GiB); check the dimensions in its header (a damaged header can claim huge sizes) or use a machine with more memory");
        }
        Skip(data, header.VoxelOffset - HeaderBytes, path);
        var volume = new Volume<T>(header.Geometry);
        try
        {
            ReadVoxels(data, header, volume, path);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"'{path}': the gzip-compressed data is corrupt ({e.Message}); re-export the file", e);
        }
        return (volume, header);
    }

    /// <summary>
    /// Writes a volume (patient LPS mm) as NIfTI-1 with sform and qform (both code 1, scanner anatomical, RAS) and
    /// units of mm; a path ending in .gz is gzip-compressed. The write is atomic.
    /// </summary>
    public static void Write<T>(string path, Volume<T> volume) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        byte[] header = BuildHeader(DataTypeOf<T>(path), volume.Geometry);
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (!gzip)
            {
                WriteBody(stream, header, MemoryMarshal.AsBytes(volume.Voxels));
                return;
            }
            using var z = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
            WriteBody(z, header, MemoryMarshal.AsBytes(volume.Voxels));
        });
    }

    private static void WriteBody(Stream output, byte[] header, ReadOnlySpan<byte> voxels)
    {
        output.Write(header);
        const int chunk = 1 << 22;
        for (int offset = 0; offset < voxels.Length; offset += chunk)
        {
            output.Write(voxels.Slice(offset, Math.Min(chunk, voxels.Length - offset)));
        }
    }

    /// <summary>Opens the file, through gzip when it starts with the gzip magic bytes (whatever its extension says).</summary>
    private static Stream OpenData(string path, out long fileLength, out bool compressed)
    {
        if (!File.Exists(path)) throw new NiftiFormatException($"'{path}' does not exist; check the path");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        fileLength = file.Length;
        Span<byte> magic = stackalloc byte[2];
        int n = file.Read(magic);
        file.Seek(0, SeekOrigin.Begin);
        compressed = n == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        return compressed ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    private static void Skip(Stream data, long count, string path)
    {
        var scratch = new byte[Math.Clamp(count, 1, 1 << 16)];
        while (count > 0)
        {
            int n = data.Read(scratch, 0, (int)Math.Min(scratch.Length, count));
            if (n == 0) throw Truncated(path, "the extensions before the voxel data");
            count -= n;
        }
    }

    private static void ReadExactly(Stream s, Span<byte> target, string path, long expectedBytes)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n;
            try
            {
                n = s.Read(target[total..]);
            }
            catch (EndOfStreamException e)
            {
                throw new NiftiFormatException($"'{path}' is truncated: the gzip stream ends early ({e.Message}); the file was cut short, re-export it", e);
            }
            if (n == 0) throw Truncated(path, $"{expectedBytes} bytes of voxel data");
            total += n;
        }
    }

    private static NiftiFormatException Truncated(string path, string what) =>
        new($"'{path}' is truncated: it ends before {what}; the dimensions in its header need more data than the file holds. Re-export the file");
}
