using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Nrrd;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>`import` of multi-frame dose grids: the NRRD keeps the exact float dose, and the JSON says so.</summary>
[TestFixture]
public class ImportCommandTests
{
    private const string RtDose = "/usr/lib/python3/dist-packages/pydicom/data/test_files/rtdose.dcm";

    [Test]
    public void Import_RtDose_WritesFloatNrrdWithScaledDose()
    {
        if (!File.Exists(RtDose)) Assert.Ignore("python3-pydicom's test files are missing");
        string dir = CliProcess.TempDir();
        string output = Path.Combine(dir, "dose.nrrd");

        CliProcess.Result r = CliProcess.Run("import", RtDose, "--out", output, "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        Volume<float> dose = NrrdFile.Read<float>(output).Volume;
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("voxelType").GetString(), Is.EqualTo("float"));
            // dcmdump rtdose.dcm: largest stored value 1254000 (0x00132270) x DoseGridScaling 1e-6 = 1.254 Gy.
            Assert.That(json.RootElement.GetProperty("maxValue").GetDouble(), Is.EqualTo(1.254).Within(1e-6));
            Assert.That(dose.Dimensions, Is.EqualTo(new Int3(10, 10, 15)));
            Assert.That(dose.Data.Max(), Is.EqualTo(1.254f).Within(1e-6f));
            Assert.That(File.ReadAllText(output)[..300], Does.Contain("type: float"));
        });
        Directory.Delete(dir, recursive: true);
    }
}
