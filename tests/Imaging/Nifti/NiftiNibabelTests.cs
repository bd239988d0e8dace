using System.Diagnostics;
using System.Globalization;
using SurgicalNav.Imaging.Nifti;

namespace SurgicalNav.Imaging.Tests.Nifti;

/// <summary>nibabel (Debian python3-nibabel) as the oracle for NIfTI orientation, both ways.</summary>
public class NiftiNibabelTests
{
    private const string Python = "/usr/bin/python3";
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nifti-nib-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static string RunPython(string script)
    {
        if (!File.Exists(Python)) Assert.Ignore($"{Python} is missing; install python3-nibabel for the nibabel oracle");
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-");
        using Process p = Process.Start(info)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        Assert.That(p.WaitForExit(60_000), Is.True, "python3 did not finish within 60 s");
        if (stderr.Result.Contains("No module named 'nibabel'", StringComparison.Ordinal)) Assert.Ignore("python3-nibabel is not installed");
        Assert.That(p.ExitCode, Is.Zero, stderr.Result);
        return stdout.Result;
    }

    [Test]
    public void Nibabel_ReadsOurFileAndWritesOneWeRead_SamePointsAndValues()
    {
        ImageGeometry g = NiftiFileTests.ObliqueGeometry(flipK: true);
        Volume<short> volume = NiftiFileTests.Filled(g, n => (short)(n * 13 - 500));
        string ours = Path.Combine(_dir, "ours.nii.gz"), theirs = Path.Combine(_dir, "theirs.nii.gz");
        NiftiFile.Write(ours, volume);

        // nibabel: the RAS point of voxel (3, 4, 2) via its affine, the voxel there, and the same data saved by nibabel
        // as int16 with scl_slope 0.5 / scl_inter 10 in its header (so a reader must give stored * 0.5 + 10), sform only.
        string output = RunPython($$"""
            import nibabel as nib, numpy as np
            img = nib.load('{{ours}}')
            data = np.asanyarray(img.dataobj)
            p = img.affine @ np.array([3, 4, 2, 1.0])
            print(' '.join(repr(float(x)) for x in p[:3]), int(data[3, 4, 2]))
            hdr = nib.Nifti1Header()
            hdr.set_data_dtype(np.int16)
            out = nib.Nifti1Image(data.astype(np.int16), img.affine, hdr)
            out.header.set_slope_inter(0.5, 10)
            out.set_qform(None, code=0)
            nib.save(out, '{{theirs}}')
            back = nib.load('{{theirs}}').get_fdata()
            print(repr(float(back.sum())), repr(float(back[3, 4, 2])))
            """);
        string[] fields = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var nibRas = new Vec3(double.Parse(fields[0], CultureInfo.InvariantCulture), double.Parse(fields[1], CultureInfo.InvariantCulture), double.Parse(fields[2], CultureInfo.InvariantCulture));
        Vec3 oursLps = g.IndexToPatient(3, 4, 2);

        Assert.Multiple(() =>
        {
            Assert.That((new Vec3(-nibRas.X, -nibRas.Y, nibRas.Z) - oursLps).Length, Is.LessThan(1e-4), $"nibabel RAS {nibRas} vs our LPS {oursLps}");
            Assert.That(int.Parse(fields[3], CultureInfo.InvariantCulture), Is.EqualTo(volume.Voxels[(int)g.Linear(3, 4, 2)]));
        });

        // nibabel applies slope and intercept on its read; so must we. Its sum over every voxel is the oracle.
        (Volume<float> back, NiftiHeader header) = NiftiFile.Read<float>(theirs);
        double nibSum = double.Parse(fields[4], CultureInfo.InvariantCulture), nibVoxel = double.Parse(fields[5], CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(header.IsScaled, Is.True);
            Assert.That(header.GeometrySource, Does.StartWith("sform"));
            Assert.That(back.Voxels.ToArray().Sum(v => (double)v), Is.EqualTo(nibSum).Within(1e-6 * Math.Abs(nibSum)));
            Assert.That(back.Voxels[(int)g.Linear(3, 4, 2)], Is.EqualTo(nibVoxel).Within(1e-6));
            Assert.That(nibVoxel, Is.EqualTo(volume.Voxels[(int)g.Linear(3, 4, 2)] * 0.5 + 10).Within(1e-6));
            NiftiFileTests.AssertGeometry(back.Geometry, g);
        });
    }
}
