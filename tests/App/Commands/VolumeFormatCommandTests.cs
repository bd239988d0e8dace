using System.Text.Json;
using SurgicalNav.App.Tests.Cli;

namespace SurgicalNav.App.Tests.Commands;

/// <summary>Every command that reads or writes a volume takes NIfTI (.nii, .nii.gz) as well as NRRD, with the same results.</summary>
public class VolumeFormatCommandTests
{
    private string _work = "", _phantom = "", _nrrd = "", _nifti = "";

    [OneTimeSetUp]
    public void ImportPhantomBothWays()
    {
        _work = CliProcess.TempDir();
        _phantom = Path.Combine(_work, "phantom");
        _nrrd = Path.Combine(_work, "v.nrrd");
        _nifti = Path.Combine(_work, "v.nii.gz");
        Assert.That(CliProcess.Run("phantom", "--out", _phantom, "--size", "48x48x24", "--seed", "8").ExitCode, Is.Zero);
        Assert.That(CliProcess.Run("import", _phantom, "--out", _nrrd).ExitCode, Is.Zero);
        CliProcess.Result n = CliProcess.Run("import", _phantom, "--out", _nifti);
        Assert.That(n.ExitCode, Is.Zero, n.StdErr);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_work, recursive: true);

    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement.Clone();
    }

    [Test]
    public void Isosurface_NiftiVolume_GivesTheSameSurfaceAsTheNrrd()
    {
        JsonElement a = Json(CliProcess.Run("isosurface", _nrrd, "--hu", "300", "--out", Path.Combine(_work, "a.glb"), "--json"));
        JsonElement b = Json(CliProcess.Run("isosurface", _nifti, "--hu", "300", "--out", Path.Combine(_work, "b.glb"), "--json"));

        Assert.That(b.GetProperty("triangles").GetInt32(), Is.EqualTo(a.GetProperty("triangles").GetInt32()).And.GreaterThan(0));
    }

    [Test]
    public void SegmentVolumetryMesh_NiftiVolumeAndNiftiLabels_MatchTheNrrdRun()
    {
        string segNrrd = Path.Combine(_work, "l.seg.nrrd"), segNifti = Path.Combine(_work, "l.nii.gz");
        Json(CliProcess.Run("segment", _nrrd, "--out", segNrrd, "--json"));
        Json(CliProcess.Run("segment", _nifti, "--out", segNifti, "--json"));

        JsonElement va = Json(CliProcess.Run("volumetry", _nrrd, segNrrd, "--json"));
        JsonElement vb = Json(CliProcess.Run("volumetry", _nifti, segNifti, "--json"));
        JsonElement mb = Json(CliProcess.Run("mesh", segNifti, "--out", Path.Combine(_work, "m.glb"), "--json"));

        // A NIfTI label map has no segment table: its segments are the values present, named "label N"; their voxel counts must agree.
        long[] Voxels(JsonElement v) => v.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("voxels").GetInt64()).Where(n => n > 0).Order().ToArray();
        Assert.That(Voxels(vb), Is.EqualTo(Voxels(va)));
        Assert.That(Voxels(va).Sum(), Is.GreaterThan(0));
        Assert.That(mb.ToString(), Does.Contain("label "));
    }
}
