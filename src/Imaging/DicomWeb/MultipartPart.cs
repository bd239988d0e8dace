namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>One body part of a multipart response: its 1-based number, its headers (names case-insensitive) and how many body bytes it had.</summary>
public sealed record MultipartPart(int Number, IReadOnlyDictionary<string, string> Headers, long Length)
{
    /// <summary>The part's Content-Type header, or an empty string when it has none.</summary>
    public string ContentType => Headers.TryGetValue("Content-Type", out string? t) ? t.Trim() : "";
}
