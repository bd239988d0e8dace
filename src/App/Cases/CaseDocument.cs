using System.Text.Json.Serialization;
using SurgicalNav.Planning;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.App.Cases;

/// <summary>
/// The contents of a case folder's case.json: where the data came from, the volume's geometry, the
/// segment table with volumes, the plan and the time each pipeline stage took; <see cref="Frames"/> and
/// <see cref="Registration"/> hold the case's frame graph and its latest registration (null until registered).
/// </summary>
public sealed record CaseDocument(
    int FormatVersion,
    string Name,
    string Source,
    VolumeInfo Volume,
    IReadOnlyList<SegmentSummary> Segments,
    Plan? Plan,
    string Device,
    IReadOnlyDictionary<string, double> StageSeconds)
{
    /// <summary>The case.json format this build writes.</summary>
    public const int CurrentFormatVersion = 1;

    // Stored in case.json but kept out of the public record, so the web client's contract (protocol.ts) is unchanged;
    // read them through CaseFrames.
    /// <summary>The case's frame graph ("frames"), null until something was registered or calibrated.</summary>
    [JsonInclude]
    [JsonPropertyName("frames")]
    internal FrameGraphDocument? Frames { get; init; }

    /// <summary>The latest registration ("registration") with FRE and predicted TRE, null until registered.</summary>
    [JsonInclude]
    [JsonPropertyName("registration")]
    internal CaseRegistration? Registration { get; init; }
}

/// <summary>Geometry and value range of the case's image, as printed by import --json.</summary>
public sealed record VolumeInfo(
    int[] Dimensions,
    double[] SpacingMm,
    double[] OriginMm,
    double[] Direction,
    string SeriesInstanceUid,
    string Modality,
    double MinValue,
    double MaxValue);

/// <summary>One segment as the case lists it: label value, name, sRGB colour 0..1, voxels, volume in mL, mesh triangles.</summary>
public sealed record SegmentSummary(byte Value, string Name, float[] Color, long Voxels, double VolumeMl, int Triangles);
