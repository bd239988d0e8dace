namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>Limits for talking to a DICOMweb server; the defaults suit CT and MR series over a hospital LAN.</summary>
public sealed record DicomWebOptions
{
    /// <summary>Largest single DICOM instance (one multipart part) accepted, in bytes; an enhanced multi-frame CT can be a few hundred MB.</summary>
    public long MaxPartBytes { get; init; } = 1L << 30;

    /// <summary>Largest whole retrieve (all parts of one series), in bytes.</summary>
    public long MaxTotalBytes { get; init; } = 16L << 30;

    /// <summary>Longest wait for the server's response headers (QIDO-RS answers, or the start of a WADO-RS retrieve).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest the body of a retrieve may stall (no bytes arriving) before the transfer is given up.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
