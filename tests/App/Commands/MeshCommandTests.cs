using System.Text.Json;
using SurgicalNav.App.Tests.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Rendering;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Tests.Commands;

public class MeshCommandTests
{
    [Test]
    public void Mesh_TwoSegmentsAndAnEmptyOne_JsonDistancesEmptyNodeWarningStlAndObj()
    {
        string work = CliProcess.TempDir();
        try
        {
            var geometry = ImageGeometry.Axial(new Int3(36, 32, 24), new Vec3(0.8, 0.8, 1.5), new Vec3(-14, -12, -17));
            var table = new SegmentTable([new SegmentInfo(1, "liver", [0.6f, 0.3f, 0.2f]), new SegmentInfo(2, "tumor", [0.9f, 0.8f, 0.2f]), new SegmentInfo(3, "vessels", [0f, 0f, 1f])]);
            LabelMap map = LabelMap.Empty(geometry, table);
            for (int k = 0; k < 24; k++)
                for (int j = 0; j < 32; j++)
                    for (int i = 0; i < 36; i++)
                    {
                        Vec3 p = geometry.IndexToPatient(i, j, k);
                        if ((p - new Vec3(2, 1, 0)).Length < 4) map.Labels[i, j, k] = 2;
                        else if (p.Length < 10) map.Labels[i, j, k] = 1;
                    }
            string labels = Path.Combine(work, "labels.seg.nrrd"), stl = Path.Combine(work, "stl"), obj = Path.Combine(work, "obj");
            SegNrrd.Write(labels, map);

            CliProcess.Result r = CliProcess.Run("mesh", labels, "--out", Path.Combine(work, "a.glb"), "--stl", stl, "--obj", obj, "--json");

            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            Assert.That(r.StdErr, Does.Contain("warning").And.Contain("'vessels' has no voxels"));
            JsonElement[] segments = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("segments").EnumerateArray().ToArray();
            Assert.That(segments.Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "liver", "tumor", "vessels" }));
            foreach (JsonElement s in segments.Take(2))
            {
                Assert.That(s.GetProperty("watertight").GetBoolean(), Is.True);
                // Smoothed surface nets stay within half a voxel diagonal (0.97 mm here) of the voxel faces.
                Assert.That(s.GetProperty("boundaryMeanMm").GetDouble(), Is.GreaterThan(0.01).And.LessThan(0.5));
                Assert.That(s.GetProperty("boundaryMaxMm").GetDouble(), Is.LessThan(0.97));
            }
            Assert.That(segments[2].GetProperty("triangles").GetInt32(), Is.Zero);
            Assert.That(Directory.GetFiles(stl).Select(Path.GetFileName), Is.EquivalentTo(new[] { "liver.stl", "tumor.stl" }));
            Assert.That(Directory.GetFiles(obj).Select(Path.GetFileName), Is.EquivalentTo(new[] { "liver.obj", "liver.mtl", "tumor.obj", "tumor.mtl" }));
            long triangles = BitConverter.ToUInt32(File.ReadAllBytes(Path.Combine(stl, "tumor.stl")), 80);
            Assert.That(triangles, Is.EqualTo(segments[1].GetProperty("triangles").GetInt32()));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void Mesh_SplitTwoDisjointSpheresWithFeatureAngle_OneNodePerPartWithVolumeExtras()
    {
        string work = CliProcess.TempDir();
        try
        {
            var geometry = ImageGeometry.Axial(new Int3(48, 28, 24), new Vec3(0.8, 0.8, 1.2), new Vec3(-18.8, -10.8, -13.8));
            var table = new SegmentTable([new SegmentInfo(1, "bone", [0.9f, 0.9f, 0.8f])]);
            LabelMap map = LabelMap.Empty(geometry, table);
            for (int k = 0; k < 24; k++)
                for (int j = 0; j < 28; j++)
                    for (int i = 0; i < 48; i++)
                    {
                        Vec3 p = geometry.IndexToPatient(i, j, k);
                        if ((p - new Vec3(-9, 0, 0)).Length < 7 || (p - new Vec3(10, 0, 0)).Length < 5) map.Labels[i, j, k] = 1;
                    }
            string labels = Path.Combine(work, "labels.seg.nrrd"), glb = Path.Combine(work, "parts.glb");
            SegNrrd.Write(labels, map);

            CliProcess.Result r = CliProcess.Run("mesh", labels, "--out", glb, "--split", "--feature-angle", "45", "--json");

            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            JsonElement segment = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("segments")[0];
            Assert.That(segment.GetProperty("parts").GetInt32(), Is.EqualTo(2));
            Assert.That(segment.GetProperty("watertight").GetBoolean(), Is.True, "topology is measured before any export split");
            GlbInfo info = GlbReader.ReadFile(glb);
            Assert.That(info.Nodes.Select(n => n.Name), Is.EqualTo(new[] { "bone#1", "bone#2" }));
            double[] analyticMl = [4.0 / 3.0 * Math.PI * 343 / 1000, 4.0 / 3.0 * Math.PI * 125 / 1000];
            for (int n = 0; n < 2; n++)
            {
                JsonElement extras = JsonDocument.Parse(info.Nodes[n].ExtrasJson!).RootElement;
                Assert.That(extras.GetProperty("segmentValue").GetInt32(), Is.EqualTo(1));
                // Tolerance: 5 % of the analytic sphere volume (radius 5 mm is about 6 voxels across).
                Assert.That(extras.GetProperty("volumeMl").GetDouble(), Is.EqualTo(analyticMl[n]).Within(5).Percent);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void Mesh_FeatureAngleOutOfRange_ClearUsageError()
    {
        string work = CliProcess.TempDir();
        try
        {
            string labels = Path.Combine(work, "labels.seg.nrrd");
            LabelMap map = LabelMap.Empty(ImageGeometry.Axial(new Int3(4, 4, 4), new Vec3(1, 1, 1), Vec3.Zero), new SegmentTable([new SegmentInfo(1, "a", [1f, 1f, 1f])]));
            map.Labels[1, 1, 1] = 1;
            SegNrrd.Write(labels, map);

            CliProcess.Result r = CliProcess.Run("mesh", labels, "--out", Path.Combine(work, "x.glb"), "--feature-angle", "270");

            Assert.That(r.ExitCode, Is.Not.Zero);
            Assert.That(r.StdErr, Does.Contain("feature-angle"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void Mesh_LabelMapOf65kSegments_ClearMessageNamingTheLimit()
    {
        string work = CliProcess.TempDir();
        try
        {
            // 16-bit label map, every voxel its own segment: 65,535 labels.
            var labels = new Volume<ushort>(ImageGeometry.Axial(new Int3(64, 64, 16), new Vec3(1, 1, 1), Vec3.Zero));
            for (int n = 0; n < labels.Data.Length; n++) labels.Data[n] = (ushort)n;
            string path = Path.Combine(work, "many.nrrd");
            Imaging.Nrrd.NrrdFile.Write(path, labels);

            CliProcess.Result r = CliProcess.Run("mesh", path, "--out", Path.Combine(work, "x.glb"));

            Assert.That(r.ExitCode, Is.Not.Zero);
            Assert.That(r.StdErr, Does.Contain("65535 label values").And.Contain("at most 255 segments"));
            Assert.That(File.Exists(Path.Combine(work, "x.glb")), Is.False);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
