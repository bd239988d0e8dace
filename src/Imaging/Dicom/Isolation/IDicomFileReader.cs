namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>Reads headers and decodes pixels of DICOM files, one at a time; one reader per thread.</summary>
internal interface IDicomFileReader : IDisposable
{
    /// <summary>Reads one file's attributes up to its pixel data.</summary>
    DicomFileHeader ReadHeader(string path);

    /// <summary>Decodes one file's pixels; they are in <see cref="Pixels"/> until the next call.</summary>
    DicomPixelLayout Decode(string path);

    /// <summary>The decoded pixels of the last <see cref="Decode"/>, in host byte order.</summary>
    ReadOnlySpan<byte> Pixels { get; }

    /// <summary>False once the reader cannot be reused (its worker was stopped).</summary>
    bool IsReusable { get; }
}
