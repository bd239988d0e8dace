using System.Diagnostics;
using System.Text.Json;
using SurgicalNav.App.Cli;
using SurgicalNav.Compute;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Editing;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>
/// `grow volume.nrrd --strokes strokes.json --out labels.seg.nrrd [--device D] [--json]`: interactive GrowCut ("grow
/// from seeds") replayed from a file. The initial strokes grow once; then each edit stroke updates the result
/// incrementally, as a user painting a correction would, and its time is reported. Strokes are points in patient LPS mm
/// painted as balls of radiusMm, labelled with a segment name of the abdominal table or "background".
/// </summary>
public static class GrowCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "grow volume.nrrd --strokes strokes.json --out labels.seg.nrrd [--device D] [--json]   GrowCut from seed strokes, edits applied incrementally and timed";

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("grow", args, ["strokes", "out", "device"], ["json"]);
        string input = a.Positional("volume (.nrrd, .nii or .nii.gz) to grow on");
        string strokesPath = a.Required("strokes", "a JSON file {\"initial\": [stroke...], \"edits\": [stroke...]} with stroke = {\"label\": \"liver\", \"pointsMm\": [[x,y,z]...], \"radiusMm\": 2}");
        string output = a.Required("out", "the .seg.nrrd file to write the labels to");
        StrokeFile strokes = ReadStrokes(strokesPath);
        Volume<short> volume = VolumeFile.Read<short>(input);
        SegmentTable abdomen = SegmentTable.Abdomen();
        List<(IReadOnlyList<Int3> Voxels, byte Label)> initial = [.. strokes.Initial.Select((s, n) => Paint(volume, abdomen, s, $"initial stroke {n + 1}"))];
        List<(IReadOnlyList<Int3> Voxels, byte Label)> edits = [.. (strokes.Edits ?? []).Select((s, n) => Paint(volume, abdomen, s, $"edit stroke {n + 1}"))];

        var smooth = new Volume<short>(volume.Geometry);
        using (IComputeBackend backend = ComputeBackends.Select(a.Option("device"), Output.Progress, DeviceProbe.OutOfProcess)) backend.GaussianSmooth(volume, 1.0, smooth);
        var growth = new SeedGrowth(smooth);
        var clock = Stopwatch.StartNew();
        growth.AddStrokes(initial);
        double initialSeconds = clock.Elapsed.TotalSeconds;
        var editReports = new List<object>();
        foreach ((IReadOnlyList<Int3> voxels, byte label) in edits)
        {
            clock.Restart();
            long changed = growth.AddSeeds(voxels, label);
            editReports.Add(new { label = label == 0 ? "background" : abdomen.ByValue(label)!.Name, seedVoxels = voxels.Count, changedVoxels = changed, milliseconds = Math.Round(clock.Elapsed.TotalMilliseconds, 1) });
        }

        var used = new SegmentTable(abdomen.Segments.Where(s => initial.Concat(edits).Any(st => st.Label == s.Value)));
        var map = new LabelMap(growth.Labels, used);
        SegNrrd.Write(output, map);
        IReadOnlyList<SegmentVolume> segments = Volumetry.PerSegment(map);
        if (a.Flag("json"))
        {
            Output.Json(new { segments, initialSeconds = Math.Round(initialSeconds, 3), edits = editReports, complete = growth.Complete, @out = Path.GetFullPath(output) });
            return 0;
        }
        Output.Result($"grow: initial {initial.Count} strokes grown in {initialSeconds:0.00} s");
        foreach (object e in editReports) Output.Result($"grow: edit {JsonSerializer.Serialize(e)}");
        foreach (SegmentVolume s in segments) Output.Result($"{s.Name,-8} {s.VolumeMl,10:0.0} mL");
        return 0;
    }

    private static StrokeFile ReadStrokes(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"strokes file '{path}' does not exist; check the path", path);
        StrokeFile? file;
        try
        {
            file = JsonSerializer.Deserialize<StrokeFile>(File.ReadAllText(path), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new UsageException($"grow: strokes file '{path}' is not valid JSON ({e.Message}); expected {{\"initial\": [...], \"edits\": [...]}}");
        }
        if (file?.Initial is null || file.Initial.Count == 0)
        {
            throw new UsageException($"grow: strokes file '{path}' has no initial strokes; paint at least one segment stroke and one background stroke under \"initial\"");
        }
        return file;
    }

    /// <summary>The voxels whose centres lie within the stroke's radius of any of its points; checks label, points and air.</summary>
    private static (IReadOnlyList<Int3> Voxels, byte Label) Paint(Volume<short> volume, SegmentTable table, StrokeSpec stroke, string what)
    {
        byte label = stroke.Label?.ToLowerInvariant() switch
        {
            "background" => 0,
            string name when table.Find(name) is SegmentInfo s => s.Value,
            _ => throw new UsageException($"grow: {what} has label '{stroke.Label}'; use background or one of {string.Join(", ", table.Segments.Select(s => s.Name))}"),
        };
        if (stroke.PointsMm is null || stroke.PointsMm.Length == 0) throw new UsageException($"grow: {what} has no points; give \"pointsMm\": [[x,y,z], ...] in patient mm");
        if (!double.IsFinite(stroke.RadiusMm) || stroke.RadiusMm < 0 || stroke.RadiusMm > 50) throw new UsageException($"grow: {what} has radiusMm {stroke.RadiusMm}; use 0 to 50 mm");
        ImageGeometry g = volume.Geometry;
        (Vec3 min, Vec3 max) = g.PatientBounds();
        var voxels = new HashSet<Int3>();
        foreach (double[] p in stroke.PointsMm)
        {
            if (p is null || p.Length != 3) throw new UsageException($"grow: {what} has a point that is not [x, y, z]");
            var point = new Vec3(p[0], p[1], p[2]);
            Int3 centre = g.NearestVoxel(point) ?? throw new SegmentationException(
                $"{what} point {point} mm is outside the volume, which spans x {min.X:0.#}..{max.X:0.#}, y {min.Y:0.#}..{max.Y:0.#}, z {min.Z:0.#}..{max.Z:0.#} mm (LPS)");
            if (label != 0 && volume[centre.X, centre.Y, centre.Z] < -500)
            {
                throw new SegmentationException($"{what} point {point} mm lies in air ({volume[centre.X, centre.Y, centre.Z]} HU); paint '{stroke.Label}' strokes inside the tissue");
            }
            Vec3 s = g.SpacingMm;
            int rx = (int)(stroke.RadiusMm / s.X), ry = (int)(stroke.RadiusMm / s.Y), rz = (int)(stroke.RadiusMm / s.Z);
            for (int k = centre.Z - rz; k <= centre.Z + rz; k++)
            for (int j = centre.Y - ry; j <= centre.Y + ry; j++)
            for (int i = centre.X - rx; i <= centre.X + rx; i++)
            {
                if (!g.Contains(i, j, k)) continue;
                double dx = (i - centre.X) * s.X, dy = (j - centre.Y) * s.Y, dz = (k - centre.Z) * s.Z;
                if (dx * dx + dy * dy + dz * dz <= stroke.RadiusMm * stroke.RadiusMm) voxels.Add(new Int3(i, j, k));
            }
        }
        return ([.. voxels], label);
    }

    private sealed record StrokeFile(List<StrokeSpec> Initial, List<StrokeSpec>? Edits);

    private sealed record StrokeSpec(string? Label, double[][]? PointsMm, double RadiusMm = 2);
}
