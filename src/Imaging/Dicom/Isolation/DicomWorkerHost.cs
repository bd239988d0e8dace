using System.IO.MemoryMappedFiles;
using SurgicalNav.Imaging.Native;

namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>
/// The decoder worker's side of <see cref="DicomWorkerProtocol"/>: reads requests from stdin, runs GDCM on
/// one file at a time and answers on stdout, until stdin closes. A file that makes GDCM crash kills only
/// this process; the parent names the file and starts a new worker.
/// </summary>
public static class DicomWorkerHost
{
    /// <summary>Serves requests from <paramref name="input"/> to <paramref name="output"/> until input ends; returns the process exit code (0).</summary>
    public static int Run(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        GdcmLibrary.EnsureLoaded();
        var decoder = new GdcmPixelDecoder();
        string mapPath = "";
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            while (DicomWorkerProtocol.ReadFrame(input) is { } request)
            {
                using var reader = new BinaryReader(new MemoryStream(request));
                byte op = reader.ReadByte();
                string path = reader.ReadString();
                var reply = new MemoryStream();
                using var writer = new BinaryWriter(reply);
                try
                {
                    if (op == DicomWorkerProtocol.ReadHeader)
                    {
                        DicomFileHeader header = GdcmHeaderReader.Read(path);
                        writer.Write(DicomWorkerProtocol.HeaderReply);
                        DicomWorkerProtocol.Write(writer, header);
                    }
                    else if (op == DicomWorkerProtocol.Decode)
                    {
                        string requestedMap = reader.ReadString();
                        long capacity = reader.ReadInt64();
                        DicomPixelLayout layout = decoder.Decode(path);
                        ReadOnlySpan<byte> pixels = decoder.Pixels;
                        if (pixels.Length > capacity)
                        {
                            writer.Write(DicomWorkerProtocol.NeedCapacity);
                            writer.Write((long)pixels.Length);
                        }
                        else
                        {
                            if (requestedMap != mapPath || view is null || view.Capacity < capacity)
                            {
                                view?.Dispose();
                                map?.Dispose();
                                map = MemoryMappedFile.CreateFromFile(requestedMap, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
                                view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
                                mapPath = requestedMap;
                            }
                            CopyToView(pixels, view);
                            writer.Write(DicomWorkerProtocol.DecodeReply);
                            DicomWorkerProtocol.Write(writer, layout);
                            writer.Write((long)pixels.Length);
                        }
                    }
                    else
                    {
                        throw new InvalidDataException($"unknown request '{(char)op}'");
                    }
                }
                catch (Exception ex) when (ex is DicomImportException or IOException or InvalidDataException or UnauthorizedAccessException
                                               or OutOfMemoryException or ArgumentException or NotSupportedException)
                {
                    reply.SetLength(0);
                    writer.Seek(0, SeekOrigin.Begin);
                    writer.Write(DicomWorkerProtocol.Error);
                    writer.Write(ex is DicomImportException ? ex.Message : $"reading '{path}' failed ({ex.GetType().Name}: {ex.Message})");
                    writer.Write((ex as DicomImportException)?.FilePath ?? path);
                }
                writer.Flush();
                DicomWorkerProtocol.WriteFrame(output, reply.GetBuffer().AsSpan(0, (int)reply.Length));
            }
        }
        finally
        {
            view?.Dispose();
            map?.Dispose();
        }
        return 0;
    }

    private static unsafe void CopyToView(ReadOnlySpan<byte> pixels, MemoryMappedViewAccessor view)
    {
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            pixels.CopyTo(new Span<byte>(pointer + view.PointerOffset, pixels.Length));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
