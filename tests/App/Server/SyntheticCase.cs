using System.Text.Json;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Json;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Tests.Server;

/// <summary>
/// A small case folder written through the real writers: a 40x40x30 CT at 2 mm whose HU encode the voxel
/// index (HU = i + 40 j + 3 k, so every voxel is recognisable), a body sphere with a vessel cylinder along z,
/// and a plan with one target and one trajectory.
/// </summary>
internal static class SyntheticCase
{
    public static readonly ImageGeometry Geometry = ImageGeometry.Axial(new Int3(40, 40, 30), new Vec3(2, 2, 2), new Vec3(-40, -40, 0));
    public static readonly Vec3 Target = new(0, 0, 30);
    public static readonly Vec3 Entry = new(0, -30, 30);

    public static short Hu(int i, int j, int k) => (short)(i + 40 * j + 3 * k);

    public static string Create()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"surgicalnav-synth-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var ct = new Volume<short>(Geometry);
        var labels = LabelMap.Empty(Geometry, SegmentTable.Abdomen());
        for (int k = 0; k < 30; k++) for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++)
        {
            ct[i, j, k] = Hu(i, j, k);
            Vec3 p = Geometry.IndexToPatient(i, j, k);
            bool body = Math.Sqrt(p.X * p.X + p.Y * p.Y) < 34;
            bool vessel = Math.Sqrt((p.X - 12) * (p.X - 12) + p.Y * p.Y) < 4;
            labels.Labels[i, j, k] = (byte)(vessel ? 3 : body ? 1 : 0);
        }
        NrrdFile.Write(Path.Combine(dir, CaseStore.VolumeFile), ct);
        SegNrrd.Write(Path.Combine(dir, CaseStore.LabelsFile), labels);
        var planner = new TrajectoryPlanner(labels);
        var target = new PlanTarget("tumor 1", Target, 5, 0.5);
        Trajectory chosen = planner.Evaluate("suggested", target, Entry);
        var plan = new Plan([target], [chosen], 5, new Dictionary<string, double> { ["vessels"] = 3, ["bone"] = 3 });
        var volume = new VolumeInfo([40, 40, 30], [2, 2, 2], [-40, -40, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], "1.2.3", "CT", 0, 1687);
        var doc = new CaseDocument(1, "synthetic", "test", volume, [], plan, "cpu", new Dictionary<string, double>());
        CaseStore.Save(dir, doc);
        File.WriteAllBytes(Path.Combine(dir, CaseStore.AnatomyFile), [0x67, 0x6C, 0x54, 0x46, 2, 0, 0, 0]);
        return dir;
    }

    public static JsonDocument Json(string text) => JsonDocument.Parse(text);

    public static string PathJson(Vec3 entry, Vec3 target, string? name = null) =>
        JsonSerializer.Serialize(new SurgicalNav.App.Server.PathRequest(entry, target, name), NavJson.Compact);
}
