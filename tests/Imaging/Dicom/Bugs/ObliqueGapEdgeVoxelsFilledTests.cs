using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.Bugs;

/// <summary>
/// Regression: filling a missing slice of an oblique stack treated the rounding of the decimal-string
/// positions as an in-plane shift, so the first row and column of every filled slice fell "outside" and got the
/// series' lowest value (-1000 HU) instead of the interpolated one.
/// </summary>
public sealed class ObliqueGapEdgeVoxelsFilledTests : DicomFolderTest
{
    [Test]
    public async Task LoadAsync_ObliqueSeriesWithMissingSlice_EdgeVoxelsInterpolated()
    {
        Volume<short> axial = DicomTestData.GradientCt(24, 16, 8);
        double b = 17 * Math.PI / 180;
        Vec3 row = new(Math.Cos(b), Math.Sin(b), 0), column = new(-Math.Sin(b) * 0.6, Math.Cos(b) * 0.6, -0.8);
        var source = new Volume<short>(axial.Geometry with { Direction = Matrix3.FromColumns(row, column, Vec3.Cross(row, column)), OriginMm = new Vec3(12.3456789, -45.678901, 1234.56789) }, axial.Data);
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(source, Folder, DicomTestData.Info());
        // Positions as many scanners write them: rounded to a micrometre (0.001 mm).
        for (int k = 0; k < files.Count; k++)
        {
            Vec3 p = source.Geometry.IndexToPatient(0, 0, k);
            string value = string.Join('\\', new[] { p.X, p.Y, p.Z }.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
            DcmTool.Run("dcmodify", "-nb", "-m", $"(0020,0032)={value}", files[k]);
        }
        File.Delete(files[3]);

        DicomSeriesResult result = await DicomSeries.LoadAsync(Folder);

        Assert.That(result.Warnings, Has.Some.Contain("missing"));
        // The gradient is linear along k, so the filled slice equals the lost one within 1 HU, edges included.
        for (int n = 0; n < 24 * 16; n++) Assert.That(result.Volume.Slice(3)[n], Is.EqualTo(source.Slice(3)[n]).Within(1), $"voxel {n}");
    }
}
