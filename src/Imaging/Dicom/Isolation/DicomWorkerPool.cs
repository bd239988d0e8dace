using System.Collections.Concurrent;

namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>
/// Keeps idle decoder workers between imports so each import does not pay a process start per thread.
/// Workers exit on their own when this process ends (their stdin closes).
/// </summary>
internal static class DicomWorkerPool
{
    private static readonly ConcurrentBag<DicomWorkerClient> Idle = [];

    /// <summary>Idle workers kept (about 30 MB each); a few more than cores so concurrent imports reuse them too.</summary>
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount);

    static DicomWorkerPool()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            while (Idle.TryTake(out DicomWorkerClient? client)) client.Dispose();
        };
    }

    /// <summary>An idle worker, or a new one; set to the given limits.</summary>
    public static DicomWorkerClient Rent(TimeSpan fileTimeout, long memoryLimitBytes)
    {
        DicomWorkerClient? client = null;
        while (Idle.TryTake(out DicomWorkerClient? candidate))
        {
            if (candidate.IsReusable) { client = candidate; break; }
            candidate.Dispose();
        }
        client ??= DicomWorkerClient.Start();
        client.FileTimeout = fileTimeout;
        client.MemoryLimitBytes = memoryLimitBytes;
        return client;
    }

    /// <summary>Keeps a healthy worker for the next import, or stops it.</summary>
    public static void Return(DicomWorkerClient client)
    {
        if (client.IsReusable && Idle.Count < MaxIdle) Idle.Add(client);
        else client.Dispose();
    }
}
