using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.MemoryMappedFiles;

namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>
/// One decoder worker process seen from the import: sends one file per request, waits for the reply with a
/// per-file time limit while watching the worker's resident memory, and turns a crash, a hang or a memory
/// overrun into a <see cref="DicomImportException"/> naming the file. Pixels arrive through a shared map.
/// </summary>
internal sealed unsafe partial class DicomWorkerClient : IDicomFileReader
{
    private const string WorkerName = "SurgicalNav.Imaging.Worker";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly Stream _requests;
    private readonly BlockingCollection<byte[]?> _replies = new();
    private readonly Queue<string> _stderrTail = new();
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private string _mapPath = "";
    private long _capacity;
    private byte* _pointer;
    private int _pixelLength;
    private bool _broken;

    private DicomWorkerClient(Process process)
    {
        _process = process;
        _requests = process.StandardInput.BaseStream;
        Stream replies = process.StandardOutput.BaseStream;
        var readerThread = new Thread(() =>
        {
            try
            {
                while (DicomWorkerProtocol.ReadFrame(replies) is { } frame) _replies.Add(frame);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
            {
                // The worker died mid-frame; the caller learns it from the null below and the exit code.
            }
            _replies.Add(null);
        }) { IsBackground = true, Name = "dicom-worker-replies" };
        readerThread.Start();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(e.Data);
                while (_stderrTail.Count > 6) _stderrTail.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Longest time one file may take.</summary>
    public TimeSpan FileTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most resident bytes the worker may use before it is stopped.</summary>
    public long MemoryLimitBytes { get; set; } = 4L << 30;

    /// <inheritdoc />
    public bool IsReusable => !_broken && !_process.HasExited;

    /// <inheritdoc />
    public ReadOnlySpan<byte> Pixels => new(_pointer, _pixelLength);

    /// <summary>Starts a worker process from the application folder.</summary>
    public static DicomWorkerClient Start()
    {
        string folder = AppContext.BaseDirectory;
        string apphost = Path.Combine(folder, WorkerName);
        string dll = Path.Combine(folder, WorkerName + ".dll");
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (File.Exists(apphost))
        {
            info.FileName = apphost;
        }
        else if (File.Exists(dll))
        {
            info.FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(dll);
        }
        else
        {
            throw new DicomImportException(
                $"the isolated DICOM decoder ({WorkerName}) is missing from '{folder}'; rebuild SurgicalNav (dotnet build) so it is copied next to the app");
        }
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_gcServer"] = "0";
        Process process = Process.Start(info)
            ?? throw new DicomImportException($"the isolated DICOM decoder '{info.FileName}' could not be started");
        return new DicomWorkerClient(process);
    }

    /// <inheritdoc />
    public DicomFileHeader ReadHeader(string path)
    {
        byte[] reply = Call(path, w => { w.Write(DicomWorkerProtocol.ReadHeader); w.Write(path); });
        using var reader = new BinaryReader(new MemoryStream(reply));
        byte op = reader.ReadByte();
        ThrowIfError(op, reader);
        return DicomWorkerProtocol.ReadHeaderBody(reader);
    }

    /// <inheritdoc />
    public DicomPixelLayout Decode(string path)
    {
        if (_map is null) Remap(1L << 20);
        while (true)
        {
            byte[] reply = Call(path, w => { w.Write(DicomWorkerProtocol.Decode); w.Write(path); w.Write(_mapPath); w.Write(_capacity); });
            using var reader = new BinaryReader(new MemoryStream(reply));
            byte op = reader.ReadByte();
            ThrowIfError(op, reader);
            if (op == DicomWorkerProtocol.NeedCapacity)
            {
                long needed = reader.ReadInt64();
                if (needed > MemoryLimitBytes || needed > int.MaxValue)
                {
                    throw new DicomImportException(
                        $"'{path}' decodes to {needed >> 20} MiB of pixels, more than this import's memory cap of {MemoryLimitBytes >> 20} MiB; import it on a machine with more memory or check the file")
                    { FilePath = path, Kind = DicomFailureKind.MemoryCap };
                }
                Remap(needed);
                continue;
            }
            DicomPixelLayout layout = DicomWorkerProtocol.ReadLayout(reader);
            _pixelLength = checked((int)reader.ReadInt64());
            return layout;
        }
    }

    /// <summary>Stops the worker and removes the shared map.</summary>
    public void Dispose()
    {
        try { _requests.Dispose(); } catch (IOException) { /* already gone */ }
        if (!_process.WaitForExit(500)) Kill();
        _process.Dispose();
        DisposeMap();
    }
}
