namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Builds a <see cref="DicomFileHeader"/> from <see cref="DicomParser"/>'s elements without GDCM, including the
/// per-frame geometry of Enhanced CT/MR (functional groups) and RT Dose (GridFrameOffsetVector) objects.
/// </summary>
internal static class DicomManagedHeader
{
    /// <summary>The header of <paramref name="path"/>, or null when the managed parser leaves the file to GDCM; throws <see cref="DicomImportException"/> for broken files.</summary>
    public static DicomFileHeader? TryRead(string path)
    {
        DicomParser.Result? parsed = DicomParser.Parse(path);
        return parsed is null ? null : FromParsed(path, parsed);
    }

    private static DicomFileHeader FromParsed(string path, DicomParser.Result parsed)
    {
        DicomElements d = parsed.DataSet;
        var header = new DicomFileHeader(path)
        {
            SopClassUid = d.Text(0x0008, 0x0016),
            SopInstanceUid = d.Text(0x0008, 0x0018),
            Modality = d.Text(0x0008, 0x0060),
            SeriesDescription = d.Text(0x0008, 0x103E),
            StudyDescription = d.Text(0x0008, 0x1030),
            StudyDate = d.Text(0x0008, 0x0020),
            PatientId = d.Text(0x0010, 0x0020),
            PatientName = d.Text(0x0010, 0x0010),
            FrameOfReferenceUid = d.Text(0x0020, 0x0052),
            StudyInstanceUid = d.Text(0x0020, 0x000D),
            SeriesInstanceUid = d.Text(0x0020, 0x000E),
            AcquisitionNumber = d.Int(0x0020, 0x0012),
            InstanceNumber = d.Int(0x0020, 0x0013),
            TransferSyntaxUid = parsed.TransferSyntaxUid,
            HasPixelData = parsed.HasPixelData,
            Rows = d.UShort(0x0028, 0x0010) ?? 0,
            Columns = d.UShort(0x0028, 0x0011) ?? 0,
            NumberOfFrames = Math.Max(1, d.Int(0x0028, 0x0008) ?? 1),
            SliceThicknessMm = Thickness(d),
            ImagePositionMm = Position(d),
            OrientationRow = Orientation(d)?.Row,
            OrientationColumn = Orientation(d)?.Column,
            PixelSpacingMm = Spacing(d),
        };
        int bitsAllocated = d.UShort(0x0028, 0x0100) ?? 0;
        int bitsStored = d.UShort(0x0028, 0x0101) ?? bitsAllocated;
        (double slope, double intercept) = Rescale(d, header.IsRtDose) ?? (1, 0);
        var layout = new DicomPixelLayout(
            header.Columns, header.Rows, header.NumberOfFrames, bitsAllocated, bitsStored,
            d.UShort(0x0028, 0x0102) ?? bitsStored - 1, d.UShort(0x0028, 0x0103) == 1, d.UShort(0x0028, 0x0002) ?? 1,
            d.Text(0x0028, 0x0004) is { Length: > 0 } p ? p : "MONOCHROME2", slope, intercept)
        { TransferSyntaxUid = parsed.TransferSyntaxUid };
        header = header with { StoredLayout = layout, Frames = header.NumberOfFrames > 1 || header.IsRtDose ? Frames(header, d, layout) : null };
        if (header.Frames is [var frame, ..])
        {
            // Enhanced objects keep orientation and spacing only in the functional groups; grouping and listing need them too.
            header = header with
            {
                OrientationRow = header.OrientationRow ?? frame.OrientationRow,
                OrientationColumn = header.OrientationColumn ?? frame.OrientationColumn,
                PixelSpacingMm = header.PixelSpacingMm ?? frame.PixelSpacingMm,
            };
        }
        if (parsed.IsNative && layout.BitsAllocated is 8 or 16 or 32)
        {
            header = header with { NativePixelOffset = parsed.PixelDataOffset, NativePixelLength = parsed.PixelDataLength, NativeBigEndian = parsed.IsBigEndian };
        }
        return header;
    }

    /// <summary>Per-frame geometry from the functional groups (per-frame first, then shared), or from RT Dose's frame offsets; null for plain multi-frame images.</summary>
    private static IReadOnlyList<DicomFrame>? Frames(DicomFileHeader header, DicomElements d, DicomPixelLayout layout)
    {
        int count = header.NumberOfFrames;
        IReadOnlyList<DicomElements> perFrame = d.Items(0x5200, 0x9230);
        DicomElements? shared = d.Item(0x5200, 0x9229);
        if (perFrame.Count > 0 || shared is not null)
        {
            if (perFrame.Count != 0 && perFrame.Count != count)
            {
                throw new DicomImportException(
                    $"'{header.Path}' declares {count} frames (0028,0008) but its PerFrameFunctionalGroupsSequence (5200,9230) holds {perFrame.Count} items; the file is damaged or incomplete, export it again")
                { FilePath = header.Path };
            }
            var frames = new DicomFrame[count];
            for (int f = 0; f < count; f++)
            {
                DicomElements? own = perFrame.Count > 0 ? perFrame[f] : null;
                DicomElements? Group(ushort g, ushort e) => own?.Item(g, e) ?? shared?.Item(g, e);
                var orientation = Group(0x0020, 0x9116) is { } o ? Orientation(o) : (header.OrientationRow is { } r ? (r, header.OrientationColumn!.Value) : null);
                DicomElements? measures = Group(0x0028, 0x9110);
                (double, double) rescale = Group(0x0028, 0x9145) is { } t ? Rescale(t, false) ?? (layout.Slope, layout.Intercept) : (layout.Slope, layout.Intercept);
                frames[f] = new DicomFrame(
                    Group(0x0020, 0x9113) is { } p ? Position(p) : null,
                    orientation?.Row, orientation?.Column,
                    measures is null ? header.PixelSpacingMm : Spacing(measures) ?? header.PixelSpacingMm,
                    measures is null ? header.SliceThicknessMm : Thickness(measures) ?? header.SliceThicknessMm,
                    rescale.Item1, rescale.Item2);
            }
            return frames;
        }
        if (header.IsRtDose && d.Doubles(0x3004, 0x000C) is { } offsets && header.ImagePositionMm is { } origin && header.OrientationRow is { } row)
        {
            if (offsets.Length < count)
            {
                throw new DicomImportException(
                    $"'{header.Path}' declares {count} dose frames (0028,0008) but its GridFrameOffsetVector (3004,000C) holds {offsets.Length} offsets; the file is damaged, export it again")
                { FilePath = header.Path };
            }
            Vec3 column = header.OrientationColumn!.Value;
            Vec3 normal = Vec3.Cross(row.Normalized(), column.Normalized()).Normalized();
            // PS3.3 C.8.8.3.2: offsets start at 0 when relative to ImagePositionPatient; otherwise they are
            // absolute coordinates along the normal whose first equals the first frame's, so subtract it.
            double zero = offsets[0];
            return offsets.Take(count).Select(o => new DicomFrame(origin + normal * (o - zero), row, column, header.PixelSpacingMm, null, layout.Slope, layout.Intercept)).ToArray();
        }
        return null;
    }

    private static (double Slope, double Intercept)? Rescale(DicomElements d, bool rtDose)
    {
        if (rtDose && d.Doubles(0x3004, 0x000E) is [double scaling, ..]) return (scaling, 0);
        double[]? slope = d.Doubles(0x0028, 0x1053), intercept = d.Doubles(0x0028, 0x1052);
        if (slope is null && intercept is null) return null;
        return (slope is [double s, ..] && s != 0 ? s : 1, intercept is [double i, ..] ? i : 0);
    }

    private static Vec3? Position(DicomElements d) => d.Doubles(0x0020, 0x0032) is { Length: 3 } p ? new Vec3(p[0], p[1], p[2]) : null;

    private static (Vec3 Row, Vec3 Column)? Orientation(DicomElements d) =>
        d.Doubles(0x0020, 0x0037) is { Length: 6 } o ? (new Vec3(o[0], o[1], o[2]), new Vec3(o[3], o[4], o[5])) : null;

    private static (double, double)? Spacing(DicomElements d) =>
        d.Doubles(0x0028, 0x0030) is { Length: 2 } s && s[0] > 0 && s[1] > 0 ? (s[0], s[1]) : null;

    private static double? Thickness(DicomElements d) => d.Doubles(0x0018, 0x0050) is [double t] && t > 0 ? t : null;
}
