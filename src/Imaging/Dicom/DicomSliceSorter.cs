namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Orders the single-frame files of one series by position along the slice normal (never by
/// InstanceNumber) and derives the volume geometry in patient LPS mm from their positions.
/// </summary>
internal static class DicomSliceSorter
{
    private const double OrientationTolerance = 1e-3;
    private const double DuplicatePositionMm = 1e-3;
    private const double UnevenGapFraction = 0.01;
    private const double TiltWarningRadians = 1e-3;

    /// <summary>Sorts the slices and builds the geometry; throws <see cref="DicomImportException"/> for mixed sizes, orientations or stacked volumes.</summary>
    public static DicomSlicePlan Plan(IReadOnlyList<DicomFileHeader> files, string seriesLabel, double maxGapFactor = 2.0)
    {
        var warnings = new List<string>();
        DicomFileHeader first = files[0];
        var sizes = files.GroupBy(f => (f.Columns, f.Rows)).ToList();
        if (sizes.Count > 1)
        {
            string list = string.Join("; ", sizes.Select(g => $"{g.Key.Columns}x{g.Key.Rows} in {g.Count()} file(s), e.g. {g.First().FileName}"));
            throw new DicomImportException(
                $"series {seriesLabel} mixes image sizes ({list}); a volume needs one size for every slice. Remove the odd files (often a localizer or a reformat) and import again");
        }

        (double rowSpacing, double columnSpacing) = first.PixelSpacingMm ?? (1.0, 1.0);
        if (first.PixelSpacingMm is null) warnings.Add($"series {seriesLabel} has no PixelSpacing (0028,0030); using 1 mm, so sizes and distances are in pixels, not millimetres");

        Vec3 row = first.OrientationRow ?? new Vec3(1, 0, 0);
        Vec3 column = first.OrientationColumn ?? new Vec3(0, 1, 0);
        bool hasGeometry = files.All(f => f.ImagePositionMm is not null && f.OrientationRow is not null && f.OrientationColumn is not null);
        if (!hasGeometry)
        {
            return PlanWithoutPositions(files, seriesLabel, row, column, new Vec3(columnSpacing, rowSpacing, first.SliceThicknessMm ?? 1.0), warnings);
        }

        row = row.Normalized();
        column = column.Normalized();
        foreach (DicomFileHeader file in files)
        {
            if ((file.OrientationRow!.Value.Normalized() - row).Length > OrientationTolerance
                || (file.OrientationColumn!.Value.Normalized() - column).Length > OrientationTolerance)
            {
                throw new DicomImportException(
                    $"series {seriesLabel} holds slices with different orientations ('{first.FileName}' and '{file.FileName}' differ in ImageOrientationPatient); remove the odd slices (often a localizer) and import again");
            }
        }

        Vec3 normal = Vec3.Cross(row, column).Normalized();
        DicomFileHeader[] sorted = files
            .OrderBy(f => Vec3.Dot(f.ImagePositionMm!.Value, normal))
            .ThenBy(f => f.InstanceNumber ?? int.MaxValue)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();

        if (sorted.Length == 1)
        {
            var single = new ImageGeometry(
                new Int3(first.Columns, first.Rows, 1),
                new Vec3(columnSpacing, rowSpacing, first.SliceThicknessMm ?? 1.0),
                first.ImagePositionMm!.Value,
                Matrix3.FromColumns(row, column, normal));
            return new DicomSlicePlan(sorted, single, warnings);
        }

        Vec3 firstPosition = sorted[0].ImagePositionMm!.Value;
        // Each slice's offset from the first in the (row, column, normal) frame: in-plane shifts mean gantry tilt.
        var offsets = new Vec3[sorted.Length];
        for (int k = 0; k < sorted.Length; k++)
        {
            Vec3 d = sorted[k].ImagePositionMm!.Value - firstPosition;
            offsets[k] = new Vec3(Vec3.Dot(d, row), Vec3.Dot(d, column), Vec3.Dot(d, normal));
        }
        if (offsets[^1].Z < DuplicatePositionMm)
        {
            throw StackedVolumes(seriesLabel, sorted.Length, sorted);
        }
        var gaps = new double[sorted.Length - 1];
        for (int k = 0; k < gaps.Length; k++)
        {
            gaps[k] = offsets[k + 1].Z - offsets[k].Z;
            if (gaps[k] < DuplicatePositionMm)
            {
                throw StackedVolumes(seriesLabel, sorted.Length, [sorted[k], sorted[k + 1]]);
            }
        }
        double medianGap = Median(gaps);
        Vec3 last = offsets[^1];
        double tilt = Math.Atan2(Math.Sqrt(last.X * last.X + last.Y * last.Y), last.Z);
        bool tilted = tilt > TiltWarningRadians;
        bool uneven = CheckGaps(gaps, medianGap, sorted, seriesLabel, maxGapFactor, warnings);
        if (tilted)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel}: slices are stacked {tilt * 180 / Math.PI:0.##} degrees off their normal (gantry tilt); the volume was resampled onto a regular grid along the normal (linear interpolation), and parts shifted out of the field of view are filled with the series' lowest value"));
        }
        if (!tilted && !uneven)
        {
            var regular = new ImageGeometry(
                new Int3(first.Columns, first.Rows, sorted.Length),
                new Vec3(columnSpacing, rowSpacing, medianGap),
                firstPosition,
                Matrix3.FromColumns(row, column, normal));
            return new DicomSlicePlan(sorted, regular, warnings);
        }
        int count = (int)Math.Round(last.Z / medianGap) + 1;
        var resampled = new ImageGeometry(
            new Int3(first.Columns, first.Rows, count),
            new Vec3(columnSpacing, rowSpacing, medianGap),
            firstPosition,
            Matrix3.FromColumns(row, column, normal));
        return new DicomSlicePlan(sorted, resampled, warnings) { SourceOffsetsMm = offsets };
    }

    /// <summary>Warns about missing slices and uneven gaps and returns true when the stack must be resampled; throws when a gap is too big to fill.</summary>
    private static bool CheckGaps(double[] gaps, double medianGap, DicomFileHeader[] sorted, string seriesLabel, double maxGapFactor, List<string> warnings)
    {
        double minGap = gaps.Min(), maxGap = gaps.Max();
        int worst = Array.IndexOf(gaps, maxGap);
        if (maxGap > maxGapFactor * medianGap * (1 + UnevenGapFraction))
        {
            throw new DicomImportException(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel} has a gap of {maxGap:0.###} mm between '{sorted[worst].FileName}' and '{sorted[worst + 1].FileName}', {maxGap / medianGap:0.#} times its usual {medianGap:0.###} mm (more than {maxGapFactor:0.#}x); that is too much missing anatomy to fill by interpolation. Re-export the complete series from the scanner or PACS"));
        }
        var missing = new List<string>();
        for (int k = 0; k < gaps.Length; k++)
        {
            if (gaps[k] > 1.5 * medianGap)
            {
                int lost = (int)Math.Round(gaps[k] / medianGap) - 1;
                missing.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Math.Max(lost, 1)} between '{sorted[k].FileName}' and '{sorted[k + 1].FileName}' ({gaps[k]:0.###} mm apart)"));
            }
        }
        if (missing.Count > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel}: slice(s) appear to be missing: {string.Join("; ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more gaps" : "")}. The volume was resampled to an even {medianGap:0.###} mm by linear interpolation, so the missing slices are estimates; re-export the complete series if that region matters"));
            return true;
        }
        if (maxGap - medianGap > UnevenGapFraction * medianGap || medianGap - minGap > UnevenGapFraction * medianGap)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel}: slice gaps are uneven ({minGap:0.###} to {maxGap:0.###} mm); the volume was resampled to an even {medianGap:0.###} mm by linear interpolation"));
            return true;
        }
        return false;
    }

    private static DicomSlicePlan PlanWithoutPositions(
        IReadOnlyList<DicomFileHeader> files, string seriesLabel, Vec3 row, Vec3 column, Vec3 spacingMm, List<string> warnings)
    {
        if (files.Count > 1)
        {
            warnings.Add($"series {seriesLabel}: some files lack ImagePositionPatient or ImageOrientationPatient, so slices are ordered by InstanceNumber and spaced by SliceThickness ({spacingMm.Z.ToString("0.###", CultureInfo.InvariantCulture)} mm); positions in the patient are unknown");
        }
        else
        {
            warnings.Add($"'{files[0].FileName}' has no ImagePositionPatient or ImageOrientationPatient; the image is placed at the origin with axes along L and P");
        }
        DicomFileHeader[] sorted = files
            .OrderBy(f => f.InstanceNumber ?? int.MaxValue)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
        Vec3 r = row.Normalized(), c = column.Normalized();
        var geometry = new ImageGeometry(
            new Int3(files[0].Columns, files[0].Rows, sorted.Length),
            spacingMm,
            files[0].ImagePositionMm ?? Vec3.Zero,
            Matrix3.FromColumns(r, c, Vec3.Cross(r, c).Normalized()));
        return new DicomSlicePlan(sorted, geometry, warnings);
    }

    private static DicomImportException StackedVolumes(string seriesLabel, int count, IReadOnlyList<DicomFileHeader> examples) =>
        new($"series {seriesLabel} has several files at the same slice position (e.g. '{examples[0].FileName}' and '{examples[^1].FileName}'), so its {count} files hold more than one volume (echoes, phases or repeats); this is not supported yet. Split the series into one folder per volume and import one of them");

    private static double Median(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
