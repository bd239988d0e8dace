namespace SurgicalNav.Imaging.Phantom;

public static partial class AbdomenPhantom
{
    /// <summary>
    /// The same patient as <see cref="Generate"/> with <paramref name="options"/>, scanned again after an ablation:
    /// the anatomy moved by <paramref name="post"/>'s rigid motion, a hypodense zone with a hyperdense rim painted
    /// where <paramref name="post"/> puts it (pre-op frame), and fresh noise. Labels are the moved anatomy.
    /// </summary>
    public static PhantomResult GeneratePostAblation(PhantomOptions options, PostAblationOptions post)
    {
        ArgumentNullException.ThrowIfNull(post);
        Int3 size = options.Size;
        if (size.X < 16 || size.Y < 16 || size.Z < 8) throw new ArgumentException($"phantom size {size} is too small; use at least 16x16x8");
        if (!(post.ZoneLengthMm > 0 && post.ZoneDiameterMm > 0)) throw new ArgumentException($"ablation zone {post.ZoneLengthMm} x {post.ZoneDiameterMm} mm must have a positive length and diameter");
        if (post.ZoneAxis.Length < 1e-9) throw new ArgumentException("the ablation zone's axis is zero; give the needle direction");
        ImageGeometry geometry = GridFor(options.Size);
        Anatomy anatomy = BuildAnatomy(options.Seed, options.TumorCount, options.VesselTouchingTumor);
        var hu = Volume<short>.Uninitialized(geometry);
        var labels = Volume<byte>.Uninitialized(geometry);
        double rampMm = (geometry.SpacingMm.X + geometry.SpacingMm.Y + geometry.SpacingMm.Z) / 3;
        // Fresh noise: a second scan does not repeat the first one's noise.
        PhantomOptions noise = options with { Seed = options.Seed + 7919 };
        Parallel.For(0, geometry.Dimensions.Z, k => PaintSlice(k, geometry, anatomy, rampMm, noise, hu, labels, post));
        return new PhantomResult(hu, labels, TruthOf(options, anatomy));
    }

    /// <summary>The phantom's grid for a size: a 400 x 400 x 300 mm field of view, voxel centres inside it.</summary>
    private static ImageGeometry GridFor(Int3 size)
    {
        Vec3 fov = PhantomOptions.FieldOfViewMm;
        var spacing = new Vec3(fov.X / size.X, fov.Y / size.Y, fov.Z / size.Z);
        var origin = new Vec3(-fov.X / 2 + spacing.X / 2, -fov.Y / 2 + spacing.Y / 2, spacing.Z / 2);
        return ImageGeometry.Axial(size, spacing, origin);
    }

    /// <summary>The pre-op anatomy point shown at scanner point (x, y, z) mm; the identity without a post-ablation motion.</summary>
    private static Vec3 AnatomyPoint(double x, double y, double z, PostAblationOptions? post) =>
        post is null ? new Vec3(x, y, z) : post.PostToPre(new Vec3(x, y, z));

    /// <summary>The scanner-frame box holding an anatomy box (mm): the box itself without motion, else its moved corners' bounds.</summary>
    private static (Vec3 Lo, Vec3 Hi) ImageBox(Vec3 lo, Vec3 hi, PostAblationOptions? post)
    {
        if (post is null) return (lo, hi);
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (int c = 0; c < 8; c++)
        {
            Vec3 p = post.PreToPost(new Vec3((c & 1) == 0 ? lo.X : hi.X, (c & 2) == 0 ? lo.Y : hi.Y, (c & 4) == 0 ? lo.Z : hi.Z));
            min = new Vec3(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vec3(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }
        return (min, max);
    }

    /// <summary>Paints the hypodense zone and its hyperdense rim (just outside it) over soft tissue of one slice; bone and air stay.</summary>
    private static void PaintAblationZone(ImageGeometry g, double z, double rampMm, PostAblationOptions post, float[] value, byte[] label)
    {
        var zone = new Spheroid(post.ZoneCenterMm, post.ZoneAxis, post.ZoneLengthMm / 2, post.ZoneDiameterMm / 2);
        double reach = post.RimMm + rampMm;
        (Vec3 lo, Vec3 hi) = ImageBox(zone.Min - new Vec3(reach, reach, reach), zone.Max + new Vec3(reach, reach, reach), post);
        if (z < lo.Z || z > hi.Z) return;
        int nx = g.Dimensions.X, ny = g.Dimensions.Y;
        int i0 = Math.Max(0, (int)Math.Floor((lo.X - g.OriginMm.X) / g.SpacingMm.X));
        int i1 = Math.Min(nx - 1, (int)Math.Ceiling((hi.X - g.OriginMm.X) / g.SpacingMm.X));
        int j0 = Math.Max(0, (int)Math.Floor((lo.Y - g.OriginMm.Y) / g.SpacingMm.Y));
        int j1 = Math.Min(ny - 1, (int)Math.Ceiling((hi.Y - g.OriginMm.Y) / g.SpacingMm.Y));
        float zoneHu = (float)(PostAblationOptions.LiverHu - post.ZoneDropHu), rimHu = (float)(PostAblationOptions.LiverHu + post.RimRiseHu);
        for (int j = j0; j <= j1; j++)
        {
            double y = g.OriginMm.Y + j * g.SpacingMm.Y;
            for (int i = i0; i <= i1; i++)
            {
                int n = j * nx + i;
                if (label[n] == 0 || label[n] == PhantomLabel.Bone) continue;
                double d = zone.Distance(AnatomyPoint(g.OriginMm.X + i * g.SpacingMm.X, y, z, post));
                if (d >= reach) continue;
                value[n] = Blend(value[n], rimHu, Math.Abs(d - post.RimMm / 2) - post.RimMm / 2, rampMm);
                value[n] = Blend(value[n], zoneHu, d, rampMm);
            }
        }
    }
}
