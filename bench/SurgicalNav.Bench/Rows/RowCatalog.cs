using SurgicalNav.Bench.Harness;

namespace SurgicalNav.Bench.Rows;

/// <summary>Every row, in the order the table prints them. Adding a row is one line here plus its class.</summary>
internal static class RowCatalog
{
    public static IReadOnlyList<BenchRow> All() =>
    [
        new DicomReadRow(),
        new DicomReadRow(jpegLs: true),
        new ThresholdRow(),
        new GaussianRow(),
        new ConnectedComponentsRow(),
        new EdtRow(),
        new DilationRow(),
        new GrowCutRow(),
        new IsosurfaceRow(),
        new LabelMeshRow(),
        new DecimationRow(),
        new IcpRow(),
        new PipelineRow(),
        new Classroom.ClassroomFanoutRow(),
        new Classroom.GuidanceLatencyRow(),
    ];
}
