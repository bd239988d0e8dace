using SurgicalNav.Imaging.Dicom.Isolation;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Multi-frame objects (Enhanced CT/MR, RT Dose): each frame becomes a slice placed by its own position from
/// the functional groups (or GridFrameOffsetVector), ordered along the normal, with gaps and tilt handled as for
/// single-frame series, and each frame rescaled by its own slope and intercept.
/// </summary>
public static partial class DicomSeries
{
    private static (Volume<short> Volume, Volume<float>? Values) LoadMultiFrame(DicomFileHeader file, string label, DicomLoadOptions options, List<string> warnings, CancellationToken ct)
    {
        IReadOnlyList<DicomFrame> frames = file.Frames!;
        var frameHeaders = frames.Select((f, n) => file with
        {
            ImagePositionMm = f.PositionMm,
            OrientationRow = f.OrientationRow,
            OrientationColumn = f.OrientationColumn,
            PixelSpacingMm = f.PixelSpacingMm,
            SliceThicknessMm = f.ThicknessMm,
            NumberOfFrames = 1,
            Frames = null,
            FrameIndex = n,
            InstanceNumber = n + 1,
        }).ToList();
        DicomSlicePlan plan = DicomSliceSorter.Plan(frameHeaders, label, options.MaxGapFactor);
        warnings.AddRange(plan.Warnings);
        bool asFloat = file.IsRtDose || frames.Any(f => f.Slope != Math.Round(f.Slope) || f.Intercept != Math.Round(f.Intercept));
        int columns = file.Columns, rows = file.Rows;
        CheckMemory(plan.Geometry, options, label, asFloat ? sizeof(short) + sizeof(float) : sizeof(short));
        ImageGeometry decoded = CheckMemory(plan.Geometry with { Dimensions = new Int3(columns, rows, plan.Slices.Count) }, options, label, asFloat ? sizeof(short) + sizeof(float) : sizeof(short));

        (DicomPixelLayout layout, byte[] pixels) = DecodeWholeFile(file, options, ct);
        int frameBytes = checked(columns * rows * (layout.BitsAllocated / 8));
        Volume<short> volume = Volume<short>.Uninitialized(decoded);
        Volume<float>? values = asFloat ? Volume<float>.Uninitialized(decoded) : null;
        long clamped = 0;
        for (int k = 0; k < plan.Slices.Count; k++)
        {
            int f = plan.Slices[k].FrameIndex!.Value;
            DicomPixelLayout frameLayout = layout with { Frames = 1, Slope = frames[f].Slope, Intercept = frames[f].Intercept };
            ReadOnlySpan<byte> stored = pixels.AsSpan(f * frameBytes, frameBytes);
            clamped += DicomPixelConverter.Convert(stored, frameLayout, volume.Slice(k));
            if (values is not null) DicomPixelConverter.ConvertToFloat(stored, frameLayout, values.Data.AsSpan(k * columns * rows, columns * rows));
        }
        if (values is not null)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"'{file.FileName}': its values are not whole numbers ({(file.IsRtDose ? "dose" : "rescale")} slope {frames[0].Slope:G6}); they are kept exactly as 32-bit floats{(file.IsRtDose ? " (dose in the file's DoseUnits, usually Gy)" : "")}, and the 16-bit volume holds them rounded"));
        }
        AddPixelWarnings(label, values is null ? clamped : 0, layout.IsMonochrome1, warnings);
        if (plan.SourceOffsetsMm is null) return (volume, values);
        return (DicomStackResampler.Resample(volume, plan.SourceOffsetsMm, plan.Geometry),
            values is null ? null : DicomStackResampler.Resample(values, plan.SourceOffsetsMm, plan.Geometry));
    }

    /// <summary>All frames' stored values: read directly when raw (uncompressed), else decoded by GDCM in its worker.</summary>
    private static (DicomPixelLayout Layout, byte[] Pixels) DecodeWholeFile(DicomFileHeader file, DicomLoadOptions options, CancellationToken ct)
    {
        if (file.NativePixelOffset >= 0)
        {
            DicomPixelLayout layout = file.StoredLayout!;
            CheckLayout(layout, file, file.Columns, file.Rows, file.NumberOfFrames);
            byte[] bytes = GC.AllocateUninitializedArray<byte>(checked((int)layout.ByteCount));
            DicomNativePixels.Read(file, 0, bytes);
            return (layout, bytes);
        }
        CheckDecodable(file);
        DicomPixelLayout? decoded = null;
        byte[] pixels = [];
        Exception?[] errors = new DicomReaderSet(options).Run(1, ct, stopAtFirstError: true, (reader, _) =>
        {
            DicomPixelLayout layout = reader.Decode(file.Path);
            CheckFrameCount(layout, file);
            CheckLayout(layout, file, file.Columns, file.Rows, file.NumberOfFrames);
            pixels = reader.Pixels[..checked((int)layout.ByteCount)].ToArray();
            decoded = layout;
        });
        ThrowFirst(errors, _ => file.Path);
        return (decoded!, pixels);
    }
}
