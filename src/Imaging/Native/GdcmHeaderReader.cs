using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Native;

/// <summary>Reads the attributes of a DICOM file up to its pixel data with GDCM, into managed values.</summary>
internal static class GdcmHeaderReader
{
    private static readonly (ushort Group, ushort Element) PixelDataTag = (0x7FE0, 0x0010);

    /// <summary>Reads one file's header; throws <see cref="DicomImportException"/> naming the file when GDCM cannot parse it.</summary>
    public static DicomFileHeader Read(string path)
    {
        GdcmLibrary.EnsureLoaded();
        bool? hasPixelData = DicomStructureCheck.Check(path, out string metaSyntax);
        using var reader = new gdcm.Reader();
        reader.SetFileName(path);
        bool ok;
        using (var stopAt = new gdcm.Tag(PixelDataTag.Group, PixelDataTag.Element))
        using (var skip = new gdcm.TagSetType())
        {
            // Skipping PixelData's value keeps the header pass from reading every pixel.
            skip.Add(stopAt);
            ok = reader.ReadUpToTag(stopAt, skip);
        }
        long fileLength = new FileInfo(path).Length;
        if (!ok)
        {
            throw new DicomImportException(metaSyntax.Length > 0
                ? $"'{path}' could not be read by GDCM; its transfer syntax is {DicomTransferSyntax.Describe(metaSyntax)}. If GDCM cannot decode that syntax, have the PACS or scanner send it uncompressed or in JPEG, JPEG-LS, JPEG 2000 or RLE; otherwise the header is damaged: remove the file or replace it with an intact copy, then import again"
                : $"'{path}' is not a DICOM file GDCM can read (its header could not be parsed); remove it from the folder or replace it with an intact copy, then import again")
            { FilePath = path };
        }

        using var filter = new gdcm.StringFilter();
        filter.SetFile(reader.GetFile());
        using var dataSet = reader.GetFile().GetDataSet();
        string Get(ushort group, ushort element)
        {
            using var tag = new gdcm.Tag(group, element);
            if (!dataSet.FindDataElement(tag)) return "";
            return DicomText.Clean(filter.ToString(tag));
        }

        var header = new DicomFileHeader(path)
        {
            SopClassUid = Get(0x0008, 0x0016),
            SopInstanceUid = Get(0x0008, 0x0018),
            Modality = Get(0x0008, 0x0060),
            SeriesDescription = Get(0x0008, 0x103E),
            StudyDescription = Get(0x0008, 0x1030),
            StudyDate = Get(0x0008, 0x0020),
            PatientId = Get(0x0010, 0x0020),
            FrameOfReferenceUid = Get(0x0020, 0x0052),
            AcquisitionNumber = DicomText.ParseInt(Get(0x0020, 0x0012)),
            TransferSyntaxUid = TransferSyntaxOf(reader.GetFile()),
            HasPixelData = HasTag(dataSet, PixelDataTag.Group, PixelDataTag.Element) || HasTag(dataSet, 0x7FE0, 0x0008) || HasTag(dataSet, 0x7FE0, 0x0009),
            PatientName = Get(0x0010, 0x0010),
            StudyInstanceUid = Get(0x0020, 0x000D),
            SeriesInstanceUid = Get(0x0020, 0x000E),
            InstanceNumber = DicomText.ParseInt(Get(0x0020, 0x0013)),
            Rows = DicomText.ParseInt(Get(0x0028, 0x0010)) ?? 0,
            Columns = DicomText.ParseInt(Get(0x0028, 0x0011)) ?? 0,
            NumberOfFrames = Math.Max(1, DicomText.ParseInt(Get(0x0028, 0x0008)) ?? 1),
            SliceThicknessMm = DicomText.ParseDoubles(Get(0x0018, 0x0050)) is [double t] && t > 0 ? t : null,
        };

        header = header with { HasPixelData = hasPixelData ?? (header.HasPixelData || (long)reader.GetStreamCurrentPosition() < fileLength) };

        double[]? ipp = DicomText.ParseDoubles(Get(0x0020, 0x0032));
        double[]? iop = DicomText.ParseDoubles(Get(0x0020, 0x0037));
        double[]? spacing = DicomText.ParseDoubles(Get(0x0028, 0x0030));
        return header with
        {
            ImagePositionMm = ipp is { Length: 3 } ? new Vec3(ipp[0], ipp[1], ipp[2]) : null,
            OrientationRow = iop is { Length: 6 } ? new Vec3(iop[0], iop[1], iop[2]) : null,
            OrientationColumn = iop is { Length: 6 } ? new Vec3(iop[3], iop[4], iop[5]) : null,
            PixelSpacingMm = spacing is { Length: 2 } && spacing[0] > 0 && spacing[1] > 0 ? (spacing[0], spacing[1]) : null,
        };
    }

    /// <summary>The transfer syntax UID of the data set as GDCM detected it; empty when unknown.</summary>
    public static string TransferSyntaxOf(gdcm.File file)
    {
        using var header = file.GetHeader();
        using var syntax = header.GetDataSetTransferSyntax();
        return DicomText.Clean(syntax.GetString());
    }

    private static bool HasTag(gdcm.DataSet dataSet, ushort group, ushort element)
    {
        using var tag = new gdcm.Tag(group, element);
        return dataSet.FindDataElement(tag);
    }
}
