namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// A DICOM file or folder could not be turned into a volume. The message names the file or folder,
/// says what was expected and suggests the next step; it is meant to be shown to the user as it is.
/// </summary>
public sealed class DicomImportException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public DicomImportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and the underlying cause.</summary>
    public DicomImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file the problem is about, when it is about one file; null for folder-level problems.</summary>
    public string? FilePath { get; init; }

    /// <summary>What kind of failure this is; <see cref="DicomFailureKind.InvalidInput"/> unless the decoder process failed or a cap was hit.</summary>
    public DicomFailureKind Kind { get; init; }
}
