using System.Diagnostics;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.Meshing;

namespace SurgicalNav.Bench.Harness;

/// <summary>
/// The reference workload: the abdominal phantom at a fixed seed, its masks, a mesh and ICP point sets, written as
/// raw files (and a DICOM series) under bench/work/NAME. It is generated once and regenerated when its key changes:
/// size, seed, noise, this file's version and the build of the phantom generator (the Imaging assembly's MVID,
/// which deterministic builds keep stable while its source is unchanged).
/// </summary>
internal sealed class Workload
{
    private const int Version = 1;
    private Volume<short>? _hu;
    private Volume<byte>? _labels;
    private readonly Dictionary<string, Volume<byte>> _masks = [];

    private Workload(string directory, ImageGeometry geometry, int seed)
    {
        Directory = directory;
        Geometry = geometry;
        Seed = seed;
    }

    public string Directory { get; }
    public ImageGeometry Geometry { get; }
    public int Seed { get; }
    public Int3 Size => Geometry.Dimensions;
    public int[] ShapeZyx => [Size.Z, Size.Y, Size.X];
    public double[] SpacingZyx => [Geometry.SpacingMm.Z, Geometry.SpacingMm.Y, Geometry.SpacingMm.X];
    public double[] OriginZyx => [Geometry.OriginMm.Z, Geometry.OriginMm.Y, Geometry.OriginMm.X];
    public string DicomDirectory => Path.Combine(Directory, "dicom");

    /// <summary>Path of a raw file of the workload (hu, labels, bright, vessels, structures, liver-positions, ...).</summary>
    public string PathOf(string name) => Path.Combine(Directory, name + ".raw");

    /// <summary>The CT in HU, as our side reads it from hu.raw (the anchor reads the same bytes).</summary>
    public Volume<short> Hounsfield => _hu ??= new Volume<short>(Geometry, RawFile.Read<short>(PathOf("hu"), Geometry.VoxelCount));

    /// <summary>The phantom's truth labels, from labels.raw.</summary>
    public Volume<byte> Labels => _labels ??= new Volume<byte>(Geometry, RawFile.Read<byte>(PathOf("labels"), Geometry.VoxelCount));

    /// <summary>A binary mask by name (bright, vessels, structures), from its raw file.</summary>
    public Volume<byte> Mask(string name)
    {
        if (!_masks.TryGetValue(name, out Volume<byte>? mask))
        {
            mask = new Volume<byte>(Geometry, RawFile.Read<byte>(PathOf(name), Geometry.VoxelCount));
            _masks[name] = mask;
        }
        return mask;
    }

    /// <summary>Drops the in-memory copies so later rows start with the memory free.</summary>
    public void ReleaseMemory()
    {
        _hu = null;
        _labels = null;
        _masks.Clear();
    }

    /// <summary>Loads the workload, generating it first when missing or stale.</summary>
    public static Workload Prepare(string workRoot, Int3 size, int seed, Action<string> log)
    {
        var options = new PhantomOptions(size, seed);
        string name = $"phantom-{size}-seed{seed}";
        string directory = Path.Combine(workRoot, name);
        string key = string.Create(CultureInfo.InvariantCulture,
            $"v{Version} size={size} seed={seed} noise={options.NoiseHu} tumours={options.TumorCount} generator={typeof(AbdomenPhantom).Assembly.ManifestModule.ModuleVersionId}");
        string keyFile = Path.Combine(directory, "key.txt");
        Vec3 fov = PhantomOptions.FieldOfViewMm;
        var spacing = new Vec3(fov.X / size.X, fov.Y / size.Y, fov.Z / size.Z);
        var geometry = ImageGeometry.Axial(size, spacing, new Vec3(-fov.X / 2 + spacing.X / 2, -fov.Y / 2 + spacing.Y / 2, spacing.Z / 2));
        if (File.Exists(keyFile) && File.ReadAllText(keyFile) == key)
        {
            log($"workload: cached {directory}");
            return new Workload(directory, geometry, seed);
        }

        var clock = Stopwatch.StartNew();
        log($"workload: generating {name} (the key changed or it is new)");
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        PhantomResult phantom = AbdomenPhantom.Generate(options);
        geometry = phantom.Hounsfield.Geometry;
        RawFile.Write<short>(Path.Combine(directory, "hu.raw"), phantom.Hounsfield.Voxels);
        RawFile.Write<byte>(Path.Combine(directory, "labels.raw"), phantom.Labels.Voxels);
        short[] hu = phantom.Hounsfield.Data;
        byte[] labels = phantom.Labels.Data;
        WriteMask(directory, "bright", hu.Length, n => hu[n] >= 150);
        WriteMask(directory, "vessels", hu.Length, n => labels[n] == PhantomLabel.Vessels);
        WriteMask(directory, "structures", hu.Length, n => labels[n] is PhantomLabel.Vessels or PhantomLabel.Bone);

        // A raw liver surface (what decimation starts from) and ICP point sets made from it.
        var liverMap = new LabelMap(phantom.Labels, SegmentTable.Abdomen());
        Mesh liver = SurfaceNets.Extract(liverMap, PhantomLabel.Liver);
        RawFile.Write<float>(Path.Combine(directory, "liver-positions.raw"), liver.PositionsMm);
        RawFile.Write<int>(Path.Combine(directory, "liver-indices.raw"), liver.Indices);
        (float[] source, float[] target) = IcpPoints.Make(liver.PositionsMm, seed);
        RawFile.Write<float>(Path.Combine(directory, "icp-source.raw"), source);
        RawFile.Write<float>(Path.Combine(directory, "icp-target.raw"), target);
        File.WriteAllText(Path.Combine(directory, "counts.txt"), string.Create(CultureInfo.InvariantCulture,
            $"liver-vertices={liver.VertexCount} liver-triangles={liver.TriangleCount} icp-source={source.Length / 3} icp-target={target.Length / 3}\n"));

        var info = new CtSeriesInfo("Bench^Phantom", $"BENCH-{seed}", "20260101", "SurgicalNav bench phantom", $"surgicalnav-bench-{seed}-{size}");
        DicomSeriesWriter.WriteCtSeries(phantom.Hounsfield, Path.Combine(directory, "dicom"), info);
        File.WriteAllText(keyFile, key);
        log($"workload: generated in {clock.Elapsed.TotalSeconds:0.0} s");
        return new Workload(directory, geometry, seed);
    }

    /// <summary>Counts of the mesh and point sets, for the rows' workload text.</summary>
    public string Counts() => File.ReadAllText(Path.Combine(Directory, "counts.txt")).Trim();

    /// <summary>One count from counts.txt by key.</summary>
    public int Count(string key) =>
        int.Parse(Counts().Split(' ').First(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);

    private static void WriteMask(string directory, string name, int length, Func<int, bool> inside)
    {
        var mask = new byte[length];
        Parallel.For(0, length / 65536 + 1, block =>
        {
            int end = Math.Min(length, (block + 1) * 65536);
            for (int n = block * 65536; n < end; n++) mask[n] = inside(n) ? (byte)1 : (byte)0;
        });
        RawFile.Write<byte>(Path.Combine(directory, name + ".raw"), mask);
    }
}
