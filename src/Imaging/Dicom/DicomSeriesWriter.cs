using System.Runtime.InteropServices;
using SurgicalNav.Imaging.Native;
using VR = gdcm.VR.VRType;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Writes volumes as DICOM series with GDCM. Output depends only on the inputs: no clock, no random UIDs,
/// so the same volume and info give byte-identical files.
/// </summary>
public static class DicomSeriesWriter
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const int RescaleInterceptHu = -1024;
    private const int MaxStored = 4095;

    /// <summary>
    /// Writes a CT volume in HU as one CT Image Storage file per z slice (IM00001.dcm, ...) into
    /// <paramref name="directory"/>, with 12-bit unsigned stored values (HU + 1024, clamped to 0..4095) and
    /// the volume's patient LPS mm geometry. Returns the written paths in slice order (k = 0 first).
    /// </summary>
    public static IReadOnlyList<string> WriteCtSeries(Volume<short> hounsfield, string directory, CtSeriesInfo info)
    {
        ArgumentNullException.ThrowIfNull(hounsfield);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(info);
        Validate(info);
        ImageGeometry geometry = hounsfield.Geometry;
        if (geometry.Dimensions.X > ushort.MaxValue || geometry.Dimensions.Y > ushort.MaxValue)
        {
            throw new ArgumentException($"slices of {geometry.Dimensions.X}x{geometry.Dimensions.Y} exceed DICOM's 65535 rows or columns", nameof(hounsfield));
        }

        GdcmLibrary.EnsureLoaded();
        Directory.CreateDirectory(directory);
        int count = geometry.Dimensions.Z;
        int digits = Math.Max(5, count.ToString(CultureInfo.InvariantCulture).Length);
        var paths = new string[count];
        for (int k = 0; k < count; k++)
        {
            paths[k] = Path.Combine(directory, "IM" + (k + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".dcm");
        }

        var shared = new SeriesAttributes(
            DicomUid.FromSeed(info.UidSeed, "study"),
            DicomUid.FromSeed(info.UidSeed, "series"),
            DicomUid.FromSeed(info.UidSeed, "frame-of-reference"));
        int sliceBytes = geometry.Dimensions.X * geometry.Dimensions.Y * 2;
        // Slice 0 runs alone so GDCM's global dictionaries are built before threads share them.
        WriteSlice(hounsfield, 0, paths[0], info, shared, new byte[sliceBytes]);
        Parallel.For(1, count, () => new byte[sliceBytes], (k, _, buffer) =>
        {
            WriteSlice(hounsfield, k, paths[k], info, shared, buffer);
            return buffer;
        }, _ => { });
        return paths;
    }

    private sealed record SeriesAttributes(string StudyUid, string SeriesUid, string FrameOfReferenceUid);

    private static void WriteSlice(Volume<short> volume, int k, string path, CtSeriesInfo info, SeriesAttributes shared, byte[] pixelBytes)
    {
        ImageGeometry geometry = volume.Geometry;
        Vec3 row = geometry.Direction.Column(0), column = geometry.Direction.Column(1);
        Vec3 position = geometry.IndexToPatient(0, 0, k);
        Vec3 normal = Vec3.Cross(row, column);
        string instanceUid = DicomUid.FromSeed(info.UidSeed, "instance/" + k.ToString(CultureInfo.InvariantCulture));
        string Ds(double v) => DicomText.FormatDs(v);
        string Is(int v) => v.ToString(CultureInfo.InvariantCulture);

        ReadOnlySpan<short> hu = volume.Slice(k);
        Span<ushort> stored = MemoryMarshal.Cast<byte, ushort>(pixelBytes.AsSpan());
        for (int n = 0; n < hu.Length; n++)
        {
            ushort value = (ushort)Math.Clamp(hu[n] - RescaleInterceptHu, 0, MaxStored);
            stored[n] = BitConverter.IsLittleEndian ? value : (ushort)((value << 8) | (value >> 8));
        }

        using var writer = new GdcmDataSetWriter();
        writer.AddText(0x0008, 0x0005, VR.CS, "ISO_IR 192");
        writer.AddText(0x0008, 0x0008, VR.CS, @"DERIVED\SECONDARY\AXIAL");
        writer.AddText(0x0008, 0x0016, VR.UI, CtImageStorage);
        writer.AddText(0x0008, 0x0018, VR.UI, instanceUid);
        writer.AddText(0x0008, 0x0020, VR.DA, info.StudyDate);
        writer.AddText(0x0008, 0x0021, VR.DA, info.StudyDate);
        writer.AddText(0x0008, 0x0023, VR.DA, info.StudyDate);
        writer.AddText(0x0008, 0x0030, VR.TM, info.StudyTime);
        writer.AddText(0x0008, 0x0031, VR.TM, info.StudyTime);
        writer.AddText(0x0008, 0x0033, VR.TM, info.StudyTime);
        writer.AddText(0x0008, 0x0050, VR.SH, "");
        writer.AddText(0x0008, 0x0060, VR.CS, "CT");
        writer.AddText(0x0008, 0x0070, VR.LO, "SurgicalNav");
        writer.AddText(0x0008, 0x0090, VR.PN, "");
        writer.AddText(0x0008, 0x1030, VR.LO, info.StudyDescription);
        writer.AddText(0x0008, 0x103E, VR.LO, info.SeriesDescription);
        writer.AddText(0x0010, 0x0010, VR.PN, info.PatientName);
        writer.AddText(0x0010, 0x0020, VR.LO, info.PatientId);
        writer.AddText(0x0010, 0x0030, VR.DA, "");
        writer.AddText(0x0010, 0x0040, VR.CS, "");
        writer.AddText(0x0018, 0x0050, VR.DS, Ds(geometry.SpacingMm.Z));
        writer.AddText(0x0018, 0x0060, VR.DS, "");
        writer.AddText(0x0018, 0x0088, VR.DS, Ds(geometry.SpacingMm.Z));
        writer.AddText(0x0020, 0x000D, VR.UI, shared.StudyUid);
        writer.AddText(0x0020, 0x000E, VR.UI, shared.SeriesUid);
        writer.AddText(0x0020, 0x0010, VR.SH, "1");
        writer.AddText(0x0020, 0x0011, VR.IS, Is(info.SeriesNumber));
        writer.AddText(0x0020, 0x0012, VR.IS, "1");
        writer.AddText(0x0020, 0x0013, VR.IS, Is(k + 1));
        writer.AddText(0x0020, 0x0032, VR.DS, DicomText.FormatDs(position.X, position.Y, position.Z));
        writer.AddText(0x0020, 0x0037, VR.DS, DicomText.FormatDs(row.X, row.Y, row.Z, column.X, column.Y, column.Z));
        writer.AddText(0x0020, 0x0052, VR.UI, shared.FrameOfReferenceUid);
        writer.AddText(0x0020, 0x1040, VR.LO, "");
        writer.AddText(0x0020, 0x1041, VR.DS, Ds(Vec3.Dot(position, normal)));
        writer.AddUShort(0x0028, 0x0002, 1);
        writer.AddText(0x0028, 0x0004, VR.CS, "MONOCHROME2");
        writer.AddUShort(0x0028, 0x0010, (ushort)geometry.Dimensions.Y);
        writer.AddUShort(0x0028, 0x0011, (ushort)geometry.Dimensions.X);
        // DICOM PixelSpacing is (spacing between rows, spacing between columns) = (y, x).
        writer.AddText(0x0028, 0x0030, VR.DS, DicomText.FormatDs(geometry.SpacingMm.Y, geometry.SpacingMm.X));
        writer.AddUShort(0x0028, 0x0100, 16);
        writer.AddUShort(0x0028, 0x0101, 12);
        writer.AddUShort(0x0028, 0x0102, 11);
        writer.AddUShort(0x0028, 0x0103, 0);
        writer.AddText(0x0028, 0x1050, VR.DS, Ds(info.WindowCenterHu));
        writer.AddText(0x0028, 0x1051, VR.DS, Ds(info.WindowWidthHu));
        writer.AddText(0x0028, 0x1052, VR.DS, Is(RescaleInterceptHu));
        writer.AddText(0x0028, 0x1053, VR.DS, "1");
        writer.AddText(0x0028, 0x1054, VR.LO, "HU");
        writer.AddBytes(0x7FE0, 0x0010, VR.OW, pixelBytes, hu.Length * 2);

        // Write beside the target and rename, so a crash never leaves a torn file under the final name.
        string temporary = path + ".tmp";
        writer.Write(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    private static void Validate(CtSeriesInfo info)
    {
        if (info.StudyDate.Length != 8 || !info.StudyDate.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"StudyDate '{info.StudyDate}' must be yyyymmdd, for example 20240131", nameof(info));
        }
        if (info.StudyTime.Length != 6 || !info.StudyTime.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"StudyTime '{info.StudyTime}' must be hhmmss, for example 120000", nameof(info));
        }
        if (string.IsNullOrEmpty(info.UidSeed))
        {
            throw new ArgumentException("UidSeed must not be empty; it makes the series' UIDs, so give each phantom or case its own", nameof(info));
        }
        foreach ((string name, string value) in new[]
        {
            ("PatientName", info.PatientName), ("PatientId", info.PatientId),
            ("SeriesDescription", info.SeriesDescription), ("StudyDescription", info.StudyDescription),
        })
        {
            if (value.Length > 64 || value.Contains('\\'))
            {
                throw new ArgumentException($"{name} '{value}' must be at most 64 characters without backslashes", nameof(info));
            }
        }
    }
}
