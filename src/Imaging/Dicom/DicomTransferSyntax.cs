namespace SurgicalNav.Imaging.Dicom;

/// <summary>Names of the DICOM transfer syntaxes, for listings and error messages.</summary>
public static class DicomTransferSyntax
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["1.2.840.10008.1.2"] = "Implicit VR Little Endian",
        ["1.2.840.10008.1.2.1"] = "Explicit VR Little Endian",
        ["1.2.840.10008.1.2.1.99"] = "Deflated Explicit VR Little Endian",
        ["1.2.840.10008.1.2.2"] = "Explicit VR Big Endian",
        ["1.2.840.10008.1.2.4.50"] = "JPEG Baseline",
        ["1.2.840.10008.1.2.4.51"] = "JPEG Extended",
        ["1.2.840.10008.1.2.4.57"] = "JPEG Lossless",
        ["1.2.840.10008.1.2.4.70"] = "JPEG Lossless SV1",
        ["1.2.840.10008.1.2.4.80"] = "JPEG-LS Lossless",
        ["1.2.840.10008.1.2.4.81"] = "JPEG-LS Near-Lossless",
        ["1.2.840.10008.1.2.4.90"] = "JPEG 2000 Lossless",
        ["1.2.840.10008.1.2.4.91"] = "JPEG 2000",
        ["1.2.840.10008.1.2.4.100"] = "MPEG2",
        ["1.2.840.10008.1.2.4.102"] = "MPEG-4",
        ["1.2.840.10008.1.2.4.201"] = "HTJ2K Lossless",
        ["1.2.840.10008.1.2.4.203"] = "HTJ2K",
        ["1.2.840.10008.1.2.5"] = "RLE Lossless",
    };

    /// <summary>Syntaxes that Debian's GDCM 3.0 decodes (MPEG video and HTJ2K are not among them).</summary>
    private static readonly HashSet<string> GdcmDecodes = new(StringComparer.Ordinal)
    {
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
        "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5",
    };

    /// <summary>False for a transfer syntax that is known and that GDCM cannot decode; unknown UIDs are left to GDCM.</summary>
    internal static bool GdcmCanDecode(string uid) => !Names.ContainsKey(uid) || GdcmDecodes.Contains(uid);

    /// <summary>"Name (UID)" for a known transfer syntax UID, the UID alone otherwise, "unknown" when empty.</summary>
    public static string Describe(string uid) =>
        string.IsNullOrEmpty(uid) ? "unknown" : Names.TryGetValue(uid, out string? name) ? $"{name} ({uid})" : uid;

    /// <summary>The short name of a transfer syntax UID ("JPEG-LS Lossless"), or the UID itself when unknown.</summary>
    public static string NameOf(string uid) => Names.TryGetValue(uid, out string? name) ? name : uid;
}
