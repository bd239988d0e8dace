using System.Diagnostics;
using SurgicalNav.Bench.Harness;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Bench.Rows;

/// <summary>
/// Reading the phantom's DICOM series (one file per slice) into a volume: ours (headers, sorting, decode, rescale
/// to HU) vs plain `cat` of the files (the I/O floor), GDCM's ImageReader per file from Python, and pydicom. The
/// uncompressed row's target is issue 3's: at least 70 % of cat's throughput. The JPEG-LS row reads a copy made
/// with gdcmconv --jpegls and is measured against GDCM's own full decode. The files sit in the page cache.
/// </summary>
internal sealed class DicomReadRow(bool jpegLs = false) : BenchRow
{
    /// <summary>DicomSeriesWriter stores HU + 1024 with slope 1, so HU sum = stored sum - 1024 x voxels.</summary>
    private const int WriterInterceptHu = -1024;

    public override string Name => jpegLs ? "dicom-jpegls" : "dicom";
    public override string CheckText => jpegLs ? "voxel count and HU sum equal to GDCM's decode" : "voxel count and HU sum equal to GDCM's and pydicom's";
    public override double TargetSpeedup => jpegLs ? 1.0 : 0.7;
    public override string Describe(BenchContext c) =>
        $"{c.Work.Size.Z} files of {c.Work.Size.X}x{c.Work.Size.Y} {(jpegLs ? "JPEG-LS lossless" : "uncompressed")} 16-bit CT";

    private static string JpegLsDirectory(BenchContext c) => Path.Combine(c.Work.Directory, "dicom-jpegls");

    private string Folder(BenchContext c) => jpegLs ? JpegLsDirectory(c) : c.Work.DicomDirectory;

    private string[] Files(BenchContext c) => Directory.GetFiles(Folder(c), "*.dcm").Order(StringComparer.Ordinal).ToArray();

    public override IReadOnlyList<AnchorSpec> Anchors(BenchContext c)
    {
        if (jpegLs) MakeJpegLsCopy(c);
        var inputs = new { files = Files(c) };
        AnchorSpec cat = new("cat", "cat", inputs, new { }), gdcm = new("gdcm", "gdcm_read", inputs, new { });
        return jpegLs ? [gdcm, cat] : [cat, gdcm, new("pydicom", "pydicom_read", inputs, new { })];
    }

    public override OursRun Ours(BenchContext c)
    {
        var clock = Stopwatch.StartNew();
        DicomSeriesResult series = DicomSeries.LoadAsync(Folder(c)).GetAwaiter().GetResult();
        double s = clock.Elapsed.TotalSeconds;
        long sum = 0;
        foreach (short v in series.Volume.Voxels) sum += v;
        long bytes = Files(c).Sum(f => new FileInfo(f).Length);
        return new OursRun(s, new Dictionary<string, double>
        {
            ["voxels"] = series.Volume.Geometry.VoxelCount, ["sum"] = sum, ["bytes"] = bytes, ["files"] = series.FileCount,
        });
    }

    public override IEnumerable<string> Compare(BenchContext c, OursRun ours, AnchorSpec anchor, AnchorReply reply, string? dumpPath)
    {
        string? d = anchor.Op switch
        {
            "gdcm_read" => Verdict.Exact("voxels", ours.Check["voxels"], reply.Value("voxels"))
                ?? Verdict.Exact("HU sum", ours.Check["sum"], reply.Value("stored_sum") + WriterInterceptHu * reply.Value("voxels")),
            "pydicom_read" => Verdict.Exact("voxels", ours.Check["voxels"], reply.Value("voxels")) ?? Verdict.Exact("HU sum", ours.Check["sum"], reply.Value("sum")),
            _ => null,
        };
        if (d is not null) yield return d;
    }

    /// <summary>Throughput of ours and of the primary anchor over the same bytes: MB/s (10^6 bytes) and slices/s.</summary>
    public override string Detail(OursRun ours, AnchorReply primary)
    {
        double bytes = ours.Check["bytes"], files = ours.Check["files"];
        return string.Create(CultureInfo.InvariantCulture,
            $"ours {bytes / ours.Seconds / 1e6:0} MB/s, {files / ours.Seconds:0} slices/s; {(jpegLs ? "GDCM" : "cat")} {bytes / primary.Seconds / 1e6:0} MB/s, {files / primary.Seconds:0} slices/s ({bytes / 1e6:0} MB in {files:0} files; last round)");
    }

    /// <summary>Converts the uncompressed series once with gdcmconv --jpegls (lossless), two files at a time.</summary>
    private static void MakeJpegLsCopy(BenchContext c)
    {
        string target = JpegLsDirectory(c), stamp = Path.Combine(target, "done.txt");
        string[] sources = Directory.GetFiles(c.Work.DicomDirectory, "*.dcm");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == sources.Length.ToString(CultureInfo.InvariantCulture)) return;
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.CreateDirectory(target);
        c.Log($"  dicom-jpegls: converting {sources.Length} files with gdcmconv --jpegls");
        Parallel.ForEach(sources, new ParallelOptions { MaxDegreeOfParallelism = 2 }, source =>
        {
            var info = new ProcessStartInfo("gdcmconv") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in (string[])["--jpegls", source, Path.Combine(target, Path.GetFileName(source))]) info.ArgumentList.Add(a);
            using Process p = Process.Start(info) ?? throw new InvalidOperationException("gdcmconv could not be started; install libgdcm-tools");
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"gdcmconv --jpegls {source} failed: {error}");
        });
        File.WriteAllText(stamp, sources.Length.ToString(CultureInfo.InvariantCulture));
    }
}
