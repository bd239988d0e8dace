using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Reading the phantom's DICOM series (one uncompressed file per slice) into a volume: ours (GDCM through C#, headers,
/// sorting, decode, rescale to HU) vs GDCM's ImageReader per file from Python, pydicom, and plain `cat` of the files
/// (the I/O floor). The files sit in the page cache for every side.
/// </summary>
internal sealed class DicomReadRow : BenchRow
{
    public override string Name => "dicom";
    public override string CheckText => "voxel count equal to GDCM's; HU sum equal to pydicom's";
    public override string Describe(BenchContext c) => $"{c.Work.Size.Z} files of {c.Work.Size.X}x{c.Work.Size.Y} uncompressed 16-bit CT";

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        string[] files = Directory.GetFiles(c.Work.DicomDirectory, "*.dcm").Order(StringComparer.Ordinal).ToArray();
        var inputs = new { files };
        return [new("gdcm", "gdcm_read", inputs, new { }), new("pydicom", "pydicom_read", inputs, new { }), new("cat", "cat", inputs, new { })];
    }

    public override OursRun Ours(BenchContext c)
    {
        var clock = Stopwatch.StartNew();
        DicomSeriesResult series = DicomSeries.LoadAsync(c.Work.DicomDirectory).GetAwaiter().GetResult();
        double s = clock.Elapsed.TotalSeconds;
        long sum = 0;
        foreach (short v in series.Volume.Voxels) sum += v;
        return new OursRun(s, new Dictionary<string, double> { ["voxels"] = series.Volume.Geometry.VoxelCount, ["sum"] = sum });
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        string? d = anchor.Op switch
        {
            "gdcm_read" => Verdict.Exact("voxels", ours.Check["voxels"], reply.Value("voxels")),
            "pydicom_read" => Verdict.Exact("voxels", ours.Check["voxels"], reply.Value("voxels")) ?? Verdict.Exact("HU sum", ours.Check["sum"], reply.Value("sum")),
            _ => null,
        };
        if (d is not null) yield return d;
    }
}
