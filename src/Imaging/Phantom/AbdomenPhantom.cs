namespace SurgicalNav.Imaging.Phantom;

/// <summary>
/// A synthetic contrast-enhanced abdominal CT (portal venous phase) with exact ground truth: air, skin and
/// fat, muscle, spine and ribs, a liver with hypodense tumours, contrast-filled vessels and kidneys. Edges
/// carry partial-volume blending and the image carries Gaussian noise. The same options give the same voxels.
/// </summary>
public static partial class AbdomenPhantom
{
    /// <summary>Generates the phantom on a grid of <see cref="PhantomOptions.Size"/> over a 400x400x300 mm field of view.</summary>
    public static PhantomResult Generate(PhantomOptions options)
    {
        Int3 size = options.Size;
        if (size.X < 16 || size.Y < 16 || size.Z < 8) throw new ArgumentException($"phantom size {size} is too small; use at least 16x16x8");
        if (size.Count > int.MaxValue) throw new ArgumentException($"phantom size {size} has more than 2^31 voxels");
        if (options.NoiseHu < 0 || options.NoiseHu > 200) throw new ArgumentException($"noise {options.NoiseHu} HU is outside 0..200");

        ImageGeometry geometry = GridFor(size);
        Vec3 spacing = geometry.SpacingMm;

        Anatomy anatomy = BuildAnatomy(options.Seed, options.TumorCount, options.VesselTouchingTumor);
        // Every voxel is painted, so the volumes need not be zeroed first.
        var hu = Volume<short>.Uninitialized(geometry);
        var labels = Volume<byte>.Uninitialized(geometry);
        double rampMm = (spacing.X + spacing.Y + spacing.Z) / 3;

        Parallel.For(0, size.Z, k => PaintSlice(k, geometry, anatomy, rampMm, options, hu, labels));

        return new PhantomResult(hu, labels, TruthOf(options, anatomy));
    }

    private static PhantomTruth TruthOf(PhantomOptions options, Anatomy anatomy) => new(
        options.Seed, options.NoiseHu, options.Size.ToArray(), anatomy.Tumors, anatomy.Seeds,
        PhantomLabel.Names.ToDictionary(p => p.Value, p => p.Key));

    private static void PaintSlice(int k, ImageGeometry g, Anatomy anatomy, double rampMm, PhantomOptions options, Volume<short> hu, Volume<byte> labels, PostAblationOptions? post = null)
    {
        int nx = g.Dimensions.X, ny = g.Dimensions.Y;
        var value = new float[nx * ny];
        var label = new byte[nx * ny];
        double z = g.OriginMm.Z + k * g.SpacingMm.Z;
        (double rx, double ry) = BodyRadii(z);

        for (int j = 0; j < ny; j++)
        {
            double y = g.OriginMm.Y + j * g.SpacingMm.Y;
            for (int i = 0; i < nx; i++)
            {
                double x = g.OriginMm.X + i * g.SpacingMm.X;
                Vec3 p = AnatomyPoint(x, y, z, post);
                if (post is not null) (rx, ry) = BodyRadii(p.Z);
                double d = EllipseDistance(p.X, p.Y - BodyCy, rx, ry);
                float v = -1000;
                v = Blend(v, -100, d, rampMm);                                        // subcutaneous fat
                v = Blend(v, 50, Math.Abs(d + FatMm + MuscleMm / 2) - MuscleMm / 2, rampMm); // abdominal wall muscle
                v = Blend(v, 32, d + FatMm + MuscleMm, rampMm);                       // abdominal cavity soft tissue
                value[j * nx + i] = v;
                label[j * nx + i] = d < 0 ? PhantomLabel.Body : (byte)0;
            }
        }

        foreach (Layer layer in anatomy.Layers)
        {
            Shape s = layer.Shape;
            (Vec3 lo, Vec3 hi) = ImageBox(s.Min - new Vec3(rampMm, rampMm, rampMm), s.Max + new Vec3(rampMm, rampMm, rampMm), post);
            if (z < lo.Z || z > hi.Z) continue;
            int i0 = Math.Max(0, (int)Math.Floor((lo.X - g.OriginMm.X) / g.SpacingMm.X));
            int i1 = Math.Min(nx - 1, (int)Math.Ceiling((hi.X - g.OriginMm.X) / g.SpacingMm.X));
            int j0 = Math.Max(0, (int)Math.Floor((lo.Y - g.OriginMm.Y) / g.SpacingMm.Y));
            int j1 = Math.Min(ny - 1, (int)Math.Ceiling((hi.Y - g.OriginMm.Y) / g.SpacingMm.Y));
            for (int j = j0; j <= j1; j++)
            {
                double y = g.OriginMm.Y + j * g.SpacingMm.Y;
                for (int i = i0; i <= i1; i++)
                {
                    int n = j * nx + i;
                    // Organs live inside the body; nothing paints into the air around it.
                    if (label[n] == 0) continue;
                    double d = s.Distance(AnatomyPoint(g.OriginMm.X + i * g.SpacingMm.X, y, z, post));
                    if (d >= rampMm / 2) continue;
                    value[n] = Blend(value[n], layer.Hu, d, rampMm);
                    if (d < 0) label[n] = layer.Label;
                }
            }
        }
        if (post is not null) PaintAblationZone(g, z, rampMm, post, value, label);

        AddNoise(value, options, k);
        Span<short> huSlice = hu.Slice(k);
        for (int n = 0; n < value.Length; n++) huSlice[n] = (short)Math.Clamp(MathF.Round(value[n]), -1024, 3071);
        label.CopyTo(labels.Slice(k));
    }

    /// <summary>Partial-volume blend: a voxel whose centre is d mm inside (negative) takes more of the structure.</summary>
    private static float Blend(float current, float structureHu, double d, double rampMm)
    {
        double alpha = Math.Clamp(0.5 - d / rampMm, 0, 1);
        return (float)(current + (structureHu - current) * alpha);
    }

    /// <summary>Approximate signed distance to an ellipse centred at the origin, in mm.</summary>
    private static double EllipseDistance(double x, double y, double rx, double ry)
    {
        double ax = x / rx, ay = y / ry;
        double k0 = Math.Sqrt(ax * ax + ay * ay);
        double bx = ax / rx, by = ay / ry;
        double k1 = Math.Sqrt(bx * bx + by * by);
        return k1 < 1e-12 ? -Math.Min(rx, ry) : k0 * (k0 - 1) / k1;
    }

    private static void AddNoise(float[] value, PhantomOptions options, int k)
    {
        if (options.NoiseHu <= 0) return;
        // One generator per slice, seeded from (seed, slice), keeps parallel generation deterministic.
        var rng = new Random((int)((options.Seed * 1_000_003L + k * 7_919L + 0x5eed) & int.MaxValue));
        for (int n = 0; n + 1 < value.Length; n += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1)) * options.NoiseHu;
            value[n] += (float)(r * Math.Cos(2 * Math.PI * u2));
            value[n + 1] += (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }
}
