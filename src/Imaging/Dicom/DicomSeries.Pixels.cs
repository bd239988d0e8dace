using System.Runtime.InteropServices;
using SurgicalNav.Imaging.Dicom.Isolation;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>Headers and pixels of single-frame series: raw little-endian files are read directly, the rest through GDCM in its worker.</summary>
public static partial class DicomSeries
{
    /// <summary>Reads every header the managed parser understands, in parallel; leaves the rest null for GDCM. Returns each file's definite failure.</summary>
    private static Exception?[] ReadHeadersManaged(IReadOnlyList<string> candidates, DicomFileHeader?[] read, CancellationToken ct)
    {
        var errors = new Exception?[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { CancellationToken = ct }, n =>
        {
            try
            {
                read[n] = DicomManagedHeader.TryRead(candidates[n]);
            }
            catch (DicomImportException ex)
            {
                errors[n] = ex;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The managed parser met something it does not model; GDCM, isolated, gets the final word.
                read[n] = null;
            }
        });
        return errors;
    }

    private static Volume<short> DecodeSlices(DicomSlicePlan plan, string label, DicomLoadOptions options, List<string> warnings, CancellationToken ct)
    {
        CheckMemory(plan.Geometry, options, label);
        ImageGeometry decoded = plan.SourceOffsetsMm is null ? plan.Geometry : plan.Geometry with { Dimensions = new Int3(plan.Geometry.Dimensions.X, plan.Geometry.Dimensions.Y, plan.Slices.Count) };
        // Every decoded slice is written below, so the volume need not be zeroed first.
        Volume<short> volume = Volume<short>.Uninitialized(CheckMemory(decoded, options, label));
        int columns = plan.Geometry.Dimensions.X, rows = plan.Geometry.Dimensions.Y;
        var clamped = new long[plan.Slices.Count];
        var photometric = new string[plan.Slices.Count];
        var errors = new Exception?[plan.Slices.Count];
        int[] native = Enumerable.Range(0, plan.Slices.Count).Where(k => plan.Slices[k].NativePixelOffset >= 0).ToArray();
        int[] coded = Enumerable.Range(0, plan.Slices.Count).Where(k => plan.Slices[k].NativePixelOffset < 0).ToArray();
        int failed = 0;
        Parallel.For(0, native.Length, new ParallelOptions { CancellationToken = ct }, () => Array.Empty<byte>(), (m, state, buffer) =>
        {
            int k = native[m];
            DicomFileHeader file = plan.Slices[k];
            try
            {
                DicomPixelLayout layout = file.StoredLayout!;
                CheckLayout(layout, file, columns, rows, 1);
                photometric[k] = layout.Photometric;
                Span<short> slice = volume.Slice(k);
                if (layout.BitsAllocated == 16)
                {
                    // Straight into the volume, then converted in place: one pass over the bytes.
                    Span<byte> bytes = MemoryMarshal.AsBytes(slice);
                    DicomNativePixels.Read(file, 0, bytes);
                    clamped[k] = DicomPixelConverter.Convert(bytes, layout, slice);
                }
                else
                {
                    int length = checked((int)layout.ByteCount);
                    if (buffer.Length < length) buffer = new byte[length];
                    DicomNativePixels.Read(file, 0, buffer.AsSpan(0, length));
                    clamped[k] = DicomPixelConverter.Convert(buffer.AsSpan(0, length), layout, slice);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                errors[k] = ex;
                Interlocked.Increment(ref failed);
                state.Stop();
            }
            return buffer;
        }, _ => { });
        if (failed == 0 && coded.Length > 0)
        {
            Exception?[] codedErrors = new DicomReaderSet(options).Run(coded.Length, ct, stopAtFirstError: true, (reader, m) =>
            {
                int k = coded[m];
                DicomFileHeader file = plan.Slices[k];
                CheckDecodable(file);
                DicomPixelLayout layout = reader.Decode(file.Path);
                CheckLayout(layout, file, columns, rows, 1);
                photometric[k] = layout.Photometric;
                clamped[k] = DicomPixelConverter.Convert(reader.Pixels, layout, volume.Slice(k));
            });
            for (int m = 0; m < coded.Length; m++) errors[coded[m]] ??= codedErrors[m];
        }
        ThrowFirst(errors, k => plan.Slices[k].Path);
        AddPixelWarnings(label, clamped.Sum(), photometric.Contains("MONOCHROME1"), warnings);
        return plan.SourceOffsetsMm is null ? volume : DicomStackResampler.Resample(volume, plan.SourceOffsetsMm, plan.Geometry);
    }

    /// <summary>Multi-frame files whose frames carry no geometry the managed parser could read: GDCM's origin, spacing and directions.</summary>
    private static Volume<short> LoadMultiFrameWithGdcmGeometry(DicomFileHeader file, DicomLoadOptions options, List<string> warnings)
    {
        CheckMemory(new ImageGeometry(new Int3(file.Columns, file.Rows, file.NumberOfFrames), new Vec3(1, 1, 1), Vec3.Zero, Matrix3.Identity), options, SeriesLabel(file));
        Volume<short>? volume = null;
        DicomPixelLayout? decoded = null;
        long clamped = 0;
        Exception?[] errors = new DicomReaderSet(options).Run(1, CancellationToken.None, stopAtFirstError: true, (reader, _) =>
        {
            DicomPixelLayout layout = reader.Decode(file.Path);
            CheckFrameCount(layout, file);
            CheckLayout(layout, file, file.Columns, file.Rows, layout.Frames);
            Vec3 row = layout.RowDirection.Normalized(), column = layout.ColumnDirection.Normalized();
            var geometry = new ImageGeometry(
                new Int3(layout.Columns, layout.Rows, layout.Frames),
                layout.SpacingMm,
                layout.OriginMm,
                Matrix3.FromColumns(row, column, Vec3.Cross(row, column).Normalized()));
            volume = new Volume<short>(geometry);
            clamped = DicomPixelConverter.Convert(reader.Pixels, layout, volume.Voxels);
            decoded = layout;
        });
        ThrowFirst(errors, _ => file.Path);
        if (Math.Abs(decoded!.Slope) < 1e-3)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"'{file.FileName}' scales its values by {decoded.Slope:G4}; its header could not be parsed without GDCM, so the values were rounded to whole numbers, which loses most of that detail"));
        }
        AddPixelWarnings(SeriesLabel(file), clamped, decoded.IsMonochrome1, warnings);
        return volume!;
    }

    /// <summary>Names the file and its transfer syntax when GDCM is known not to decode it, before a worker tries.</summary>
    private static void CheckDecodable(DicomFileHeader file)
    {
        if (!DicomTransferSyntax.GdcmCanDecode(file.TransferSyntaxUid))
        {
            throw new DicomImportException(
                $"'{file.Path}' is encoded as {DicomTransferSyntax.Describe(file.TransferSyntaxUid)}, which GDCM cannot decode; have the PACS or scanner send it uncompressed or in JPEG, JPEG-LS, JPEG 2000 or RLE, or convert it, then import again")
            { FilePath = file.Path };
        }
    }

    private static void CheckFrameCount(DicomPixelLayout layout, DicomFileHeader file)
    {
        if (layout.Frames != file.NumberOfFrames)
        {
            throw new DicomImportException(
                $"'{file.Path}' has {file.NumberOfFrames} frames but GDCM does not give them as one 3D image (it reports {layout.Frames}); multi-frame files of this kind are not supported yet")
            { FilePath = file.Path };
        }
    }

    /// <summary>Refuses a volume larger than the import's memory cap before anything is allocated.</summary>
    private static ImageGeometry CheckMemory(ImageGeometry geometry, DicomLoadOptions options, string label, int bytesPerVoxel = sizeof(short))
    {
        long bytes = geometry.VoxelCount * bytesPerVoxel;
        if (bytes > options.MemoryLimitBytes || geometry.VoxelCount > Array.MaxLength)
        {
            throw new DicomImportException(
                $"series {label} would need {bytes >> 20} MiB as a volume ({geometry.Dimensions} voxels), more than this import's memory cap of {options.MemoryLimitBytes >> 20} MiB; check the series (a damaged header can claim huge sizes) or import on a machine with more memory")
            { Kind = DicomFailureKind.MemoryCap };
        }
        return geometry;
    }

    private static void CheckLayout(DicomPixelLayout layout, DicomFileHeader file, int columns, int rows, int frames)
    {
        if (layout.Columns != columns || layout.Rows != rows || layout.Frames != frames)
        {
            throw new DicomImportException(
                $"'{file.Path}' decodes to {layout.Columns}x{layout.Rows}x{layout.Frames} pixels but the series needs {columns}x{rows}x{frames}; remove the odd file and import again")
            { FilePath = file.Path };
        }
        if (layout.SamplesPerPixel != 1 || !layout.Photometric.StartsWith("MONOCHROME", StringComparison.Ordinal))
        {
            throw new DicomImportException(
                $"'{file.Path}' is a {layout.Photometric} image with {layout.SamplesPerPixel} samples per pixel; only greyscale (MONOCHROME1/2) images can become a volume. Remove it (often a screenshot or secondary capture) and import again")
            { FilePath = file.Path };
        }
        if (layout.BitsAllocated is not (8 or 16 or 32))
        {
            throw new DicomImportException(
                $"'{file.Path}' stores {layout.BitsAllocated} bits per pixel; only 8, 16 and 32 are supported. Convert it with 'gdcmconv --raw' and import again")
            { FilePath = file.Path };
        }
    }

    private static void AddPixelWarnings(string label, long clamped, bool monochrome1, List<string> warnings)
    {
        if (clamped > 0)
        {
            warnings.Add($"series {label}: {clamped} voxel value(s) fell outside -32768..32767 after rescaling and were clamped");
        }
        if (monochrome1)
        {
            warnings.Add($"series {label} is MONOCHROME1 (white is low): values are kept as stored and rescaled (so HU stay HU); display it with an inverted grey scale");
        }
    }

    private static void ThrowFirst(Exception?[] errors, Func<int, string> pathOf)
    {
        int n = Array.FindIndex(errors, e => e is not null);
        if (n >= 0) throw AsImportError(errors[n]!, pathOf(n));
    }
}
