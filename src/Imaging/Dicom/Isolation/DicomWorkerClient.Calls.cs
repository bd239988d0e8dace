using System.Diagnostics;
using System.IO.MemoryMappedFiles;

namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>Request and reply plumbing of <see cref="DicomWorkerClient"/>: time limit, memory watch, crash reports, the shared map.</summary>
internal sealed unsafe partial class DicomWorkerClient
{
    private byte[] Call(string path, Action<BinaryWriter> write)
    {
        if (_broken) throw new InvalidOperationException("this decoder worker was stopped; start a new one");
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        try
        {
            DicomWorkerProtocol.WriteFrame(_requests, body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (IOException)
        {
            throw Crashed(path);
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_replies.TryTake(out byte[]? reply, Poll))
            {
                return reply ?? throw Crashed(path);
            }
            if (clock.Elapsed > FileTimeout)
            {
                Kill();
                throw new DicomImportException(
                    $"the DICOM decoder did not finish '{path}' within {FileTimeout.TotalSeconds:0.#} s and was stopped; the file is damaged, hostile or not a regular file. Remove it from the folder or replace it with an intact copy, then import again")
                { FilePath = path, Kind = DicomFailureKind.TimedOut };
            }
            _process.Refresh();
            long resident = _process.HasExited ? 0 : _process.WorkingSet64;
            if (resident > MemoryLimitBytes)
            {
                Kill();
                throw new DicomImportException(
                    $"decoding '{path}' took more than this import's memory cap of {MemoryLimitBytes >> 20} MiB and was stopped; the file is damaged (a huge length) or too large for this machine. Remove or replace it, then import again")
                { FilePath = path, Kind = DicomFailureKind.MemoryCap };
            }
        }
    }

    private static void ThrowIfError(byte op, BinaryReader reader)
    {
        if (op != DicomWorkerProtocol.Error) return;
        string message = reader.ReadString();
        string file = reader.ReadString();
        throw new DicomImportException(message) { FilePath = file };
    }

    private DicomImportException Crashed(string path)
    {
        _broken = true;
        if (!_process.WaitForExit(2000)) Kill();
        int code = _process.HasExited ? _process.ExitCode : -1;
        string signal = code switch
        {
            134 => ", SIGABRT: GDCM aborted",
            137 => ", SIGKILL",
            139 => ", SIGSEGV: GDCM read or wrote memory it should not",
            135 => ", SIGBUS",
            136 => ", SIGFPE",
            _ => "",
        };
        _process.WaitForExit();
        string tail;
        lock (_stderrTail) tail = string.Join(" | ", _stderrTail);
        return new DicomImportException(
            $"the DICOM decoder crashed while reading '{path}' (worker exit code {code}{signal}{(tail.Length > 0 ? "; it said: " + tail : "")}); the file is damaged or hostile. Remove it from the folder or replace it with an intact copy, then import again")
        { FilePath = path, Kind = DicomFailureKind.DecoderCrashed };
    }

    private void Kill()
    {
        _broken = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(2000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void Remap(long bytes)
    {
        DisposeMap();
        _capacity = Math.Max(bytes, 1L << 20);
        string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _mapPath = Path.Combine(folder, $"surgicalnav-dicom-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _map = MemoryMappedFile.CreateFromFile(_mapPath, FileMode.CreateNew, null, _capacity, MemoryMappedFileAccess.ReadWrite);
        _view = _map.CreateViewAccessor(0, _capacity, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    private void DisposeMap()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _view = null;
        }
        _map?.Dispose();
        _map = null;
        _pointer = null;
        if (_mapPath.Length > 0)
        {
            try { File.Delete(_mapPath); } catch (IOException) { /* removed at reboot with /dev/shm */ }
            _mapPath = "";
        }
    }
}
