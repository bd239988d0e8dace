namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>
/// Talking to a DICOMweb server (PACS) failed: unreachable, an HTTP error, an answer that is not what QIDO-RS or
/// WADO-RS promise, or a limit hit. The message names the URL and says what to do next; show it as it is.
/// </summary>
public sealed class DicomWebException : Exception
{
    /// <summary>Creates the exception with a user-facing message.</summary>
    public DicomWebException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a user-facing message and the underlying cause.</summary>
    public DicomWebException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the server answered with, when the failure was an HTTP error; null otherwise.</summary>
    public int? HttpStatus { get; init; }
}
