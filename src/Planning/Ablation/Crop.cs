using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Ablation;

/// <summary>A box of the full grid: its lowest voxel index and its own geometry (same spacing and direction).</summary>
internal sealed record Crop(Int3 Lo, ImageGeometry Geometry)
{
    /// <summary>The box holding the tumour's voxels and every zone, plus the margin and two voxels, clipped to the grid.</summary>
    public static Crop Around(Volume<byte> tumorMask, IReadOnlyList<AblationZone> zones, double marginMm)
    {
        ImageGeometry g = tumorMask.Geometry;
        Int3 d = g.Dimensions;
        double[] lo = [double.MaxValue, double.MaxValue, double.MaxValue], hi = [double.MinValue, double.MinValue, double.MinValue];
        void Grow(Vec3 index, double padVoxels0, double padVoxels1, double padVoxels2)
        {
            double[] pad = [padVoxels0, padVoxels1, padVoxels2];
            for (int a = 0; a < 3; a++) { lo[a] = Math.Min(lo[a], index[a] - pad[a]); hi[a] = Math.Max(hi[a], index[a] + pad[a]); }
        }
        byte[] m = tumorMask.Data;
        for (int k = 0; k < d.Z; k++)
        for (int j = 0; j < d.Y; j++)
        {
            int row = (k * d.Y + j) * d.X;
            for (int i = 0; i < d.X; i++) if (m[row + i] != 0) Grow(new Vec3(i, j, k), 0, 0, 0);
        }
        foreach (AblationZone z in zones)
        {
            double r = Math.Max(z.LengthMm, z.DiameterMm) / 2;
            Grow(g.PatientToIndex(z.CenterMm), r / g.SpacingMm.X, r / g.SpacingMm.Y, r / g.SpacingMm.Z);
        }
        if (lo[0] == double.MaxValue) throw new PlanningException("the tumour mask is empty and there is no zone; nothing to measure");
        int L(int a) => Math.Clamp((int)Math.Floor(lo[a] - marginMm / g.SpacingMm[a]) - 2, 0, d[a] - 1);
        int H(int a) => Math.Clamp((int)Math.Ceiling(hi[a] + marginMm / g.SpacingMm[a]) + 2, 0, d[a] - 1);
        var low = new Int3(L(0), L(1), L(2));
        var size = new Int3(H(0) - low.X + 1, H(1) - low.Y + 1, H(2) - low.Z + 1);
        return new Crop(low, new ImageGeometry(size, g.SpacingMm, g.IndexToPatient(low.X, low.Y, low.Z), g.Direction));
    }
}
