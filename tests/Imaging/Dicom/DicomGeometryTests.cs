using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Series written by our writer, then edited with dcmtk's dcmodify to shift, tilt or remove slices.</summary>
public sealed class DicomGeometryTests : DicomFolderTest
{
    private static void Modify(string file, string tagAndValue)
    {
        var info = new ProcessStartInfo("dcmodify", ["-nb", "-m", tagAndValue, file]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using Process p = Process.Start(info) ?? throw new InvalidOperationException("dcmodify did not start; install dcmtk");
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, $"dcmodify {tagAndValue} {file}: {p.StandardError.ReadToEnd()}");
    }

    [Test]
    public void LoadAsync_TwoAdjacentSlicesMissing_RefusesNamingTheGap()
    {
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 8), Folder, DicomTestData.Info());
        File.Delete(files[3]);
        File.Delete(files[4]);

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(Folder));

        Assert.That(ex!.Message, Does.Contain("gap of 7.5 mm").And.Contain("IM00003.dcm").And.Contain("IM00006.dcm").And.Contain("3 times").And.Contain("Re-export"));
    }

    [Test]
    public async Task LoadAsync_OneSliceShiftedAlongNormal_ResampledToEvenSpacing()
    {
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(8, 8, 6), Folder, DicomTestData.Info());
        // Slice 2 sits at z = 100 + 2 * 2.5 = 105 mm; move it 0.5 mm up, so its gaps are 3 and 2 mm.
        Modify(files[2], "(0020,0032)=-20\\-15\\105.5");

        DicomSeriesResult result = await DicomSeries.LoadAsync(Folder);
        Volume<short> expected = DicomTestData.GradientCt(8, 8, 6);

        Assert.Multiple(() =>
        {
            Assert.That(result.Warnings, Has.Some.Contain("uneven").And.Some.Contain("resampled"));
            Assert.That(result.Volume.Dimensions, Is.EqualTo(new Int3(8, 8, 6)));
            Assert.That(result.Volume.Geometry.SpacingMm.Z, Is.EqualTo(2.5).Within(1e-6));
            // Output slice 2 at 105 mm lies 2/3 of the way from 102.5 (slice 1) to 105.5 (slice 2 moved): values mix, not copied.
            double weight = 2.5 / 3.0;
            double mixed = expected[3, 3, 1] + weight * (expected[3, 3, 2] - expected[3, 3, 1]);
            Assert.That(result.Volume[3, 3, 2], Is.EqualTo(mixed).Within(0.5));
            Assert.That(result.Volume[3, 3, 4], Is.EqualTo(expected[3, 3, 4]), "slices on the regular grid are unchanged");
        });
    }

    [Test]
    public async Task LoadAsync_GantryTilt_ResampledOntoOrthogonalGridWithWarning()
    {
        Volume<short> original = DicomTestData.GradientCt(24, 20, 6);
        IReadOnlyList<string> files = DicomSeriesWriter.WriteCtSeries(original, Folder, DicomTestData.Info());
        // Tilt the stack by 15 degrees about the x axis: slice k moves k * 2.5 * tan(15°) mm along +y (the column direction).
        double shiftPerSlice = 2.5 * Math.Tan(15 * Math.PI / 180);
        for (int k = 0; k < files.Count; k++)
        {
            Modify(files[k], string.Create(CultureInfo.InvariantCulture, $"(0020,0032)=-20\\{-15 + k * shiftPerSlice:0.######}\\{100 + k * 2.5:0.######}"));
        }

        DicomSeriesResult result = await DicomSeries.LoadAsync(Folder);
        Volume<short> v = result.Volume;

        Assert.Multiple(() =>
        {
            Assert.That(result.Warnings, Has.Some.Contain("15 degrees").And.Some.Contain("gantry tilt").And.Some.Contain("resampled"));
            Assert.That(v.Geometry.Direction, Is.EqualTo(Matrix3.Identity), "regular grid along the normal");
            Assert.That(v.Dimensions, Is.EqualTo(new Int3(24, 20, 6)));
            // Voxel (i, j, k) of the regular grid is the written voxel (i, j - shift_k / 0.7, k); the gradient is linear so bilinear is exact to rounding.
            for (int k = 0; k < 6; k++)
            {
                double shiftVoxels = k * shiftPerSlice / 0.7;
                for (int j = (int)Math.Ceiling(shiftVoxels); j < 20; j++)
                {
                    double source = j - shiftVoxels;
                    int j0 = Math.Min((int)Math.Floor(source), 18);
                    double f = source - j0;
                    double want = original[5, j0, k] + f * (original[5, j0 + 1, k] - original[5, j0, k]);
                    Assert.That(v[5, j, k], Is.EqualTo(want).Within(0.51), $"voxel (5,{j},{k})");
                }
            }
            Assert.That(v[5, 0, 5], Is.EqualTo(original.Data.Min()), "rows shifted out of the field of view are filled with the lowest value");
        });
    }

    [Test]
    public async Task LoadAsync_ObliqueSeries_KeepsDirectionWithoutResampling()
    {
        double c = Math.Cos(0.4), s = Math.Sin(0.4);
        var direction = Matrix3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, c, s), new Vec3(0, -s, c));
        var geometry = new ImageGeometry(new Int3(8, 8, 5), new Vec3(0.8, 0.8, 2), new Vec3(3, -4, 50), direction);
        var volume = new Volume<short>(geometry);
        for (int n = 0; n < volume.Data.Length; n++) volume.Data[n] = (short)(n % 1000);
        DicomSeriesWriter.WriteCtSeries(volume, Folder, DicomTestData.Info());

        DicomSeriesResult result = await DicomSeries.LoadAsync(Folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.Volume.Geometry.SameGrid(geometry, 1e-3), Is.True, result.Volume.Geometry.ToString());
            Assert.That(result.Volume.Data, Is.EqualTo(volume.Data));
            Assert.That(result.Warnings, Is.Empty);
        });
    }
}
