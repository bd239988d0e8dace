namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Checks a DICOM file's element structure in managed code before GDCM sees it (see <see cref="DicomParser"/>):
/// GDCM aborts or allocates gigabytes on many broken files, and silently pads truncated pixels.
/// </summary>
internal static class DicomStructureCheck
{
    /// <summary>Deepest sequence nesting accepted; real objects stay below 10.</summary>
    public const int MaxDepth = DicomParser.MaxDepth;

    /// <summary>Whether the file has top-level pixel data (null when the walk stopped early); throws <see cref="DicomImportException"/> naming the file when it is broken.</summary>
    public static bool? Check(string path) => Check(path, out _);

    /// <summary>As <see cref="Check(string)"/>, also giving the TransferSyntaxUID of the file meta group ("" when there is none).</summary>
    public static bool? Check(string path, out string transferSyntaxUid)
    {
        DicomParser.Result? result = DicomParser.Parse(path, out transferSyntaxUid);
        return result?.HasPixelData;
    }
}
