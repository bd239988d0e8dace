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
    public static DicomSlicePlan Plan(IReadOnlyList<DicomFileHeader> files, string seriesLabel)
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
        Vec3 lastPosition = sorted[^1].ImagePositionMm!.Value;
        if ((lastPosition - firstPosition).Length < DuplicatePositionMm)
        {
            throw StackedVolumes(seriesLabel, sorted.Length, sorted);
        }
        // Along the normal for ordinary stacks; along the true slice-to-slice line for gantry-tilted ones.
        Vec3 sliceDirection = (lastPosition - firstPosition).Normalized();
        double tilt = Math.Acos(Math.Clamp(Vec3.Dot(sliceDirection, normal), -1, 1));
        if (tilt > TiltWarningRadians)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel}: slices are stacked {tilt * 180 / Math.PI:0.##} degrees off their normal (gantry tilt); the volume is sheared to follow the slice positions"));
        }

        var gaps = new double[sorted.Length - 1];
        for (int k = 0; k < gaps.Length; k++)
        {
            gaps[k] = Vec3.Dot(sorted[k + 1].ImagePositionMm!.Value - sorted[k].ImagePositionMm!.Value, sliceDirection);
            if (gaps[k] < DuplicatePositionMm)
            {
                throw StackedVolumes(seriesLabel, sorted.Length, [sorted[k], sorted[k + 1]]);
            }
        }
        double medianGap = Median(gaps);
        CheckGaps(gaps, medianGap, sorted, seriesLabel, warnings);

        var geometry = new ImageGeometry(
            new Int3(first.Columns, first.Rows, sorted.Length),
            new Vec3(columnSpacing, rowSpacing, medianGap),
            firstPosition,
            Matrix3.FromColumns(row, column, sliceDirection));
        return new DicomSlicePlan(sorted, geometry, warnings);
    }

    private static void CheckGaps(double[] gaps, double medianGap, DicomFileHeader[] sorted, string seriesLabel, List<string> warnings)
    {
        var missing = new List<string>();
        double minGap = gaps.Min(), maxGap = gaps.Max();
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
                $"series {seriesLabel}: slice(s) appear to be missing: {string.Join("; ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more gaps" : "")}. The volume uses the usual gap of {medianGap:0.###} mm, so positions past a gap are off; re-export the complete series if distances matter"));
        }
        else if (maxGap - medianGap > UnevenGapFraction * medianGap || medianGap - minGap > UnevenGapFraction * medianGap)
        {
            double offset = 0, worst = 0;
            for (int k = 0; k < gaps.Length; k++)
            {
                offset += gaps[k] - medianGap;
                worst = Math.Max(worst, Math.Abs(offset));
            }
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"series {seriesLabel}: slice gaps are uneven ({minGap:0.###} to {maxGap:0.###} mm); the volume uses the median {medianGap:0.###} mm and is not resampled, so positions along the slice axis are off by up to {worst:0.###} mm"));
        }
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
