namespace SurgicalNav.Imaging.Nrrd;

/// <summary>The parsed header of a NRRD file: pixel type, geometry in patient LPS, encoding and key/value pairs.</summary>
public sealed record NrrdHeader(
    string Type,
    ImageGeometry Geometry,
    string Encoding,
    bool BigEndian,
    IReadOnlyDictionary<string, string> KeyValues,
    long DataOffset,
    string? DataFile);
