namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>
/// Runs a per-file action over many files on a few readers in parallel (isolated workers by default, GDCM
/// in-process on request), replacing a reader whose worker died so the remaining files still get read.
/// </summary>
internal sealed class DicomReaderSet
{
    private readonly DicomLoadOptions _options;

    /// <summary>Uses the options' isolation, time limit and memory cap.</summary>
    public DicomReaderSet(DicomLoadOptions options) => _options = options;

    /// <summary>
    /// Runs <paramref name="body"/> for files 0..count-1 and returns each file's failure (null when it went
    /// well). With <paramref name="stopAtFirstError"/> the remaining files are skipped after a failure.
    /// </summary>
    public Exception?[] Run(int count, CancellationToken ct, bool stopAtFirstError, Action<IDicomFileReader, int> body)
    {
        var errors = new Exception?[count];
        if (count == 0) return errors;
        int next = 0;
        bool stop = false;
        int threads = Math.Clamp(Environment.ProcessorCount, 1, 8);
        if (_options.InProcess)
        {
            // The first file runs alone so GDCM's global dictionaries are built before threads share them.
            using var first = new InProcessDicomReader();
            errors[0] = Try(first, 0, body);
            next = 1;
            stop = stopAtFirstError && errors[0] is not null;
        }
        void Worker()
        {
            IDicomFileReader? reader = null;
            try
            {
                while (!Volatile.Read(ref stop))
                {
                    ct.ThrowIfCancellationRequested();
                    int n = Interlocked.Increment(ref next) - 1;
                    if (n >= count) break;
                    reader ??= NewReader();
                    errors[n] = Try(reader, n, body);
                    if (errors[n] is not null)
                    {
                        if (stopAtFirstError) Volatile.Write(ref stop, true);
                        if (!reader.IsReusable) { Release(reader); reader = null; }
                    }
                }
            }
            finally
            {
                if (reader is not null) Release(reader);
            }
        }
        int workers = Math.Min(threads, count - next);
        if (workers <= 1) Worker();
        else Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Worker());
        ct.ThrowIfCancellationRequested();
        return errors;
    }

    private static Exception? Try(IDicomFileReader reader, int n, Action<IDicomFileReader, int> body)
    {
        try
        {
            body(reader, n);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    private IDicomFileReader NewReader() =>
        _options.InProcess ? new InProcessDicomReader() : DicomWorkerPool.Rent(_options.FileTimeout, _options.MemoryLimitBytes);

    private static void Release(IDicomFileReader reader)
    {
        if (reader is DicomWorkerClient client) DicomWorkerPool.Return(client);
        else reader.Dispose();
    }
}
