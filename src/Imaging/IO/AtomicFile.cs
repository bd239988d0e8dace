namespace SurgicalNav.Imaging.IO;

/// <summary>
/// Writes files so that a crash leaves either the old version or the new one, never a torn file:
/// write to a temporary file beside the target, flush to disk, then rename into place.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file atomically by calling <paramref name="write"/> on a temporary stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes text atomically as UTF-8.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true); w.Write(text); });

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* the temp file stays behind; it never replaces the target */ }
    }
}
