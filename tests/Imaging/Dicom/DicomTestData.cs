using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Shared inputs for the DICOM tests: pydicom's test files, temporary folders and a synthetic CT.</summary>
internal static class DicomTestData
{
    public const string PydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    public static string PydicomFile(string name)
    {
        string path = Path.Combine(PydicomFiles, name);
        if (!File.Exists(path)) Assert.Ignore($"'{path}' is missing; install python3-pydicom for the reference DICOM files");
        return path;
    }

    public static string NewTempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "surgicalnav-dicom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static CtSeriesInfo Info(string seed = "test-seed") =>
        new("Phantom^Gradient", "PH0001", "20240131", "synthetic gradient", seed) { StudyDescription = "round trip" };

    /// <summary>64x48x20 CT with anisotropic spacing and a gradient spanning -1000..2000 HU.</summary>
    public static Volume<short> GradientCt(int nx = 64, int ny = 48, int nz = 20)
    {
        var geometry = ImageGeometry.Axial(new Int3(nx, ny, nz), new Vec3(0.7, 0.7, 2.5), new Vec3(-20, -15, 100));
        var volume = new Volume<short>(geometry);
        for (int k = 0; k < nz; k++)
        for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
        {
            double t = (i + 2.0 * j + 3.0 * k) / (nx - 1 + 2.0 * (ny - 1) + 3.0 * (nz - 1));
            volume[i, j, k] = (short)Math.Round(-1000 + 3000 * t);
        }
        return volume;
    }

    public static void DeleteQuietly(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { TestContext.Out.WriteLine($"could not delete {folder}"); }
    }
}
