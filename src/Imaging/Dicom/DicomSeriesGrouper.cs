namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Groups image files into series: by SeriesInstanceUID, then split further where one UID holds images of
/// different sizes or orientations (localizers, reformats) or repeated positions from different acquisitions.
/// Groups come in a stable order: by study, series UID, then largest part first.
/// </summary>
internal static class DicomSeriesGrouper
{
    private const double OrientationTolerance = 1e-3;

    /// <summary>The groups, each with a short note on how it was split from its UID ("" when not split).</summary>
    public static List<(List<DicomFileHeader> Files, string Split)> Group(IReadOnlyList<DicomFileHeader> images)
    {
        var result = new List<(List<DicomFileHeader>, string)>();
        foreach (var byUid in images.GroupBy(h => h.SeriesInstanceUid, StringComparer.Ordinal)
                     .OrderBy(g => g.First().StudyInstanceUid, StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var parts = new List<(List<DicomFileHeader> Files, string Split)>();
            foreach (var bySize in byUid.GroupBy(h => (h.Columns, h.Rows)))
            {
                var orientations = new List<(Vec3? Row, Vec3? Column, List<DicomFileHeader> Files)>();
                foreach (DicomFileHeader h in bySize.OrderBy(h => h.Path, StringComparer.Ordinal))
                {
                    int at = orientations.FindIndex(o => Same(o.Row, h.OrientationRow) && Same(o.Column, h.OrientationColumn));
                    if (at < 0) orientations.Add((h.OrientationRow, h.OrientationColumn, [h]));
                    else orientations[at].Files.Add(h);
                }
                foreach (var o in orientations)
                {
                    foreach (List<DicomFileHeader> acquisition in SplitRepeatedPositions(o.Files))
                    {
                        parts.Add((acquisition, ""));
                    }
                }
            }
            parts.Sort((a, b) => b.Files.Count.CompareTo(a.Files.Count));
            if (parts.Count > 1)
            {
                for (int n = 0; n < parts.Count; n++)
                {
                    DicomFileHeader first = parts[n].Files[0];
                    string note = string.Create(CultureInfo.InvariantCulture,
                        $"part {n + 1} of {parts.Count} of this SeriesInstanceUID: {first.Columns}x{first.Rows}, orientation {Describe(first)}{(first.AcquisitionNumber is int a ? $", acquisition {a}" : "")}");
                    parts[n] = (parts[n].Files, note);
                }
            }
            result.AddRange(parts);
        }
        return result;
    }

    /// <summary>When slices repeat positions and AcquisitionNumber tells the repeats apart, one group per acquisition.</summary>
    private static IEnumerable<List<DicomFileHeader>> SplitRepeatedPositions(List<DicomFileHeader> files)
    {
        bool repeats = files.Where(f => f.ImagePositionMm is not null)
            .GroupBy(f => f.ImagePositionMm!.Value.ToString()).Any(g => g.Count() > 1);
        var acquisitions = files.GroupBy(f => f.AcquisitionNumber).ToList();
        if (!repeats || acquisitions.Count < 2)
        {
            yield return files;
            yield break;
        }
        foreach (var acquisition in acquisitions.OrderBy(g => g.Key ?? int.MinValue)) yield return acquisition.ToList();
    }

    private static bool Same(Vec3? a, Vec3? b) =>
        a is null || b is null ? a is null && b is null : (a.Value.Normalized() - b.Value.Normalized()).Length < OrientationTolerance;

    private static string Describe(DicomFileHeader h)
    {
        if (h.OrientationRow is not Vec3 r || h.OrientationColumn is not Vec3 c) return "unknown";
        Vec3 n = Vec3.Cross(r, c);
        double ax = Math.Abs(n.X), ay = Math.Abs(n.Y), az = Math.Abs(n.Z);
        string plane = az >= ax && az >= ay ? "axial" : ay >= ax ? "coronal" : "sagittal";
        return Math.Max(ax, Math.Max(ay, az)) > 0.999 ? plane : "oblique " + plane;
    }
}
