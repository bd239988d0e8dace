using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Phantom;
using SurgicalNav.Segmentation.Masks;

namespace SurgicalNav.Segmentation.Tests.Editing;

/// <summary>
/// Seed strokes on a phantom as a user paints them in 3D Slicer: liver and background painted on a few axial slices,
/// kept 5 mm clear of the liver's edge (people paint well inside a region, not on its border), and a dab on each tumour.
/// </summary>
internal static class PhantomStrokes
{
    public static List<Int3> Liver(PhantomResult p, params double[] slicesMm) => OnSlices(p, slicesMm, insideLiver: true);

    public static List<Int3> Background(PhantomResult p, params double[] slicesMm) => OnSlices(p, slicesMm, insideLiver: false);

    /// <summary>Each tumour seed's voxel and its 6 neighbours.</summary>
    public static List<Int3> Tumors(PhantomResult p)
    {
        var voxels = new List<Int3>();
        foreach (var (name, point) in p.Truth.SeedsMm)
        {
            if (!name.StartsWith("tumor", StringComparison.Ordinal)) continue;
            Int3 c = p.Labels.Geometry.NearestVoxel(point)!.Value;
            voxels.Add(c);
            voxels.AddRange([c with { X = c.X - 1 }, c with { X = c.X + 1 }, c with { Y = c.Y - 1 }, c with { Y = c.Y + 1 }, c with { Z = c.Z - 1 }, c with { Z = c.Z + 1 }]);
        }
        return voxels;
    }

    /// <summary>Liver seed height plus an offset in mm: the slices strokes go on.</summary>
    public static double LiverZ(PhantomResult p, double offsetMm) => p.Truth.SeedsMm["liver"].Z + offsetMm;

    private static List<Int3> OnSlices(PhantomResult p, double[] slicesMm, bool insideLiver)
    {
        Volume<byte> labels = p.Labels;
        ImageGeometry g = labels.Geometry;
        var region = new Volume<byte>(g);
        byte[] r = region.Data, l = labels.Data;
        // Inside: distance to any non-liver voxel; outside: distance to liver or tumour.
        for (int n = 0; n < r.Length; n++)
        {
            bool liverOrTumor = l[n] == PhantomLabel.Liver || l[n] == PhantomLabel.Tumor;
            r[n] = (byte)(insideLiver ? (l[n] != PhantomLabel.Liver ? 1 : 0) : (liverOrTumor ? 1 : 0));
        }
        Volume<float> clearance = DistanceTransform.Unsigned(region);
        var voxels = new List<Int3>();
        foreach (double zMm in slicesMm)
        {
            int k = g.NearestVoxel(p.Truth.SeedsMm["liver"] with { Z = zMm })!.Value.Z;
            for (int j = 0; j < g.Dimensions.Y; j += 2)
            for (int i = 0; i < g.Dimensions.X; i += 2)
            {
                if (clearance[i, j, k] >= 5) voxels.Add(new Int3(i, j, k));
            }
        }
        return voxels;
    }
}
