namespace SurgicalNav.Imaging.Dicom;

/// <summary>Why a DICOM import failed, so callers can count or react without parsing the message.</summary>
public enum DicomFailureKind
{
    /// <summary>The input is not what an import needs: not DICOM, damaged, inconsistent or unsupported.</summary>
    InvalidInput,

    /// <summary>The isolated decoder process died while reading the named file.</summary>
    DecoderCrashed,

    /// <summary>The isolated decoder took longer than the per-file time limit on the named file and was stopped.</summary>
    TimedOut,

    /// <summary>The import would need more memory than its cap.</summary>
    MemoryCap,
}
