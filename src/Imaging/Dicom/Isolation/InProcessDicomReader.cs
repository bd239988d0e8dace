using SurgicalNav.Imaging.Native;

namespace SurgicalNav.Imaging.Dicom.Isolation;

/// <summary>Runs GDCM in the calling process: no isolation, for tests and benchmarks that ask for it.</summary>
internal sealed class InProcessDicomReader : IDicomFileReader
{
    private readonly GdcmPixelDecoder _decoder = new();

    public DicomFileHeader ReadHeader(string path) => GdcmHeaderReader.Read(path);

    public DicomPixelLayout Decode(string path) => _decoder.Decode(path);

    public ReadOnlySpan<byte> Pixels => _decoder.Pixels;

    public bool IsReusable => true;

    public void Dispose()
    {
    }
}
