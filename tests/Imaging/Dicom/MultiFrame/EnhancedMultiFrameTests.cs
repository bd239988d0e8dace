using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.MultiFrame;

/// <summary>Enhanced CT files made by dcmtk's dump2dcm: geometry from the functional groups, frames ordered along the normal, per-frame rescale.</summary>
public sealed class EnhancedMultiFrameTests : DicomFolderTest
{
    private static readonly int[] Shuffled = [3, 7, 0, 9, 5, 1, 8, 2, 6, 4];

    /// <summary>The gradient CT on an oblique grid: rows along L, columns tilted 20 degrees out of the axial plane.</summary>
    private static Volume<short> ObliqueCt()
    {
        Volume<short> axial = DicomTestData.GradientCt(32, 24, 10);
        double b = 20 * Math.PI / 180;
        Vec3 row = new(1, 0, 0), column = new(0, Math.Cos(b), -Math.Sin(b));
        var geometry = axial.Geometry with { Direction = Matrix3.FromColumns(row, column, Vec3.Cross(row, column)), OriginMm = new Vec3(-11.5, 20.25, -300) };
        return new Volume<short>(geometry, axial.Data);
    }

    [Test]
    public async Task LoadAsync_EnhancedCtFramesShuffled_GeometryFromFunctionalGroupsAsDcmdumpShows()
    {
        Volume<short> source = ObliqueCt();
        string path = new EnhancedCtFile { FrameOrder = Shuffled }.Write(source, Folder);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        // The oracle: dcmdump's per-frame ImagePositionPatient and shared orientation and spacing.
        string dump = DcmTool.Run("dcmdump", "+L", path);
        double[] iop = DcmTool.Numbers(DcmTool.Values(dump, "ImageOrientationPatient").Single());
        double[] spacing = DcmTool.Numbers(DcmTool.Values(dump, "PixelSpacing").Single());
        Vec3 row = new(iop[0], iop[1], iop[2]), column = new(iop[3], iop[4], iop[5]);
        Vec3 normal = Vec3.Cross(row, column);
        Vec3[] positions = DcmTool.Values(dump, "ImagePositionPatient").Select(DcmTool.Numbers).Select(p => new Vec3(p[0], p[1], p[2])).OrderBy(p => Vec3.Dot(p, normal)).ToArray();
        Assert.That(positions, Has.Length.EqualTo(10));
        ImageGeometry g = result.Volume.Geometry;
        Assert.Multiple(() =>
        {
            Assert.That(g.Dimensions, Is.EqualTo(new Int3(32, 24, 10)));
            Assert.That((g.OriginMm - positions[0]).Length, Is.LessThan(1e-4), "origin is the frame lowest along the normal");
            Assert.That(g.SpacingMm.X, Is.EqualTo(spacing[1]).Within(1e-6));
            Assert.That(g.SpacingMm.Y, Is.EqualTo(spacing[0]).Within(1e-6));
            Assert.That(g.SpacingMm.Z, Is.EqualTo((positions[^1] - positions[0]).Length / 9).Within(1e-4));
            Assert.That((g.Direction.Column(0) - row).Length, Is.LessThan(1e-6));
            Assert.That((g.Direction.Column(1) - column).Length, Is.LessThan(1e-6));
            Assert.That(result.Volume.Data, Is.EqualTo(source.Data), "frames are placed by position, not by their order in the file");
            Assert.That(result.FloatVolume, Is.Null, "whole-number HU need no float copy");
            Assert.That(result.Warnings, Is.Empty);
        });
    }

    [Test]
    public async Task LoadAsync_EnhancedCtPerFrameRescale_EachFrameUsesItsOwnSlope()
    {
        Volume<short> source = ObliqueCt();
        // Odd slices store 2 x (HU + 1024) with slope 0.5, even ones HU + 1024 with slope 1.
        var file = new EnhancedCtFile { FrameOrder = Shuffled, BitsStored = 16, Rescale = k => k % 2 == 1 ? (0.5, -1024) : (1, -1024) };
        string path = file.Write(source, Folder);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Data, Is.EqualTo(source.Data));
            Assert.That(result.FloatVolume, Is.Not.Null, "a fractional slope keeps exact values");
            Assert.That(result.FloatVolume!.Data.Select(v => (short)v), Is.EqualTo(source.Data));
        });
    }

    [Test]
    public async Task LoadAsync_EnhancedCtMissingFrame_WarnsAndInterpolatesTheGap()
    {
        Volume<short> source = ObliqueCt();
        string path = new EnhancedCtFile { FrameOrder = Shuffled.Where(k => k != 4).ToArray() }.Write(source, Folder);

        DicomSeriesResult result = await DicomSeries.LoadAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Dimensions, Is.EqualTo(new Int3(32, 24, 10)));
            Assert.That(result.Warnings, Has.Some.Contain("missing").And.Some.Contain("enhanced.dcm frame"));
            // The gradient is linear along k, so the filled slice matches the lost one within rounding (1 HU).
            for (int n = 0; n < 32 * 24; n++) Assert.That(result.Volume.Slice(4)[n], Is.EqualTo(source.Slice(4)[n]).Within(1));
            Assert.That(result.Volume.Slice(5).ToArray(), Is.EqualTo(source.Slice(5).ToArray()));
        });
    }

    [Test]
    public async Task LoadAsync_EnhancedCtJpegLs_SameVolumeAsUncompressed()
    {
        Volume<short> source = ObliqueCt();
        string path = new EnhancedCtFile { FrameOrder = Shuffled }.Write(source, Folder);
        string compressed = Path.Combine(Folder, "jls", "enhanced-jls.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(compressed)!);
        DcmTool.Run("gdcmconv", "--jpegls", path, compressed);

        DicomSeriesResult result = await DicomSeries.LoadAsync(compressed);

        Assert.Multiple(() =>
        {
            Assert.That(DcmTool.Run("gdcmdump", compressed), Does.Contain("1.2.840.10008.1.2.4.80"));
            Assert.That(result.Volume.Geometry.SameGrid(source.Geometry, 1e-4), Is.True);
            Assert.That(result.Volume.Data, Is.EqualTo(source.Data));
        });
    }

    [Test]
    public void LoadAsync_EnhancedFileWithTwoPhases_ClearErrorNamingTheFrames()
    {
        // Ten frames at five positions: two temporal phases in one object (4D), which a single volume cannot hold.
        string path = new EnhancedCtFile { FrameOrder = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4] }.Write(ObliqueCt(), Folder);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));

        Assert.That(ex!.Message, Does.Contain("enhanced.dcm frame").And.Contain("more than one volume"));
    }

    [Test]
    public void LoadAsync_FewerFunctionalGroupItemsThanFrames_ErrorNamesBoth()
    {
        string path = new EnhancedCtFile { DeclaredFrames = 11 }.Write(ObliqueCt(), Folder);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(path));

        Assert.That(ex!.Message, Does.Contain("enhanced.dcm").And.Contain("declares 11 frames").And.Contain("holds 10 items"));
    }
}
