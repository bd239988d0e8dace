namespace SurgicalNav.Imaging.Phantom;

public static partial class AbdomenPhantom
{
    private static List<Capsule> BuildVessels(Random rng, Shape liver, Ellipsoid rightLobe, List<PhantomTumor> tumors, Ellipsoid kidneyLeft, Ellipsoid kidneyRight)
    {
        var vessels = new List<Capsule>
        {
            new(new Vec3(18, 33, -5), new Vec3(18, 29, 305), 12, 11),      // aorta
            new(new Vec3(-22, 32, -5), new Vec3(-24, 26, 305), 11, 12),    // inferior vena cava, through the liver's bare area
        };
        // Renal veins to the IVC and renal arteries from the aorta.
        vessels.Add(new Capsule(kidneyLeft.Center - new Vec3(18, 8, 0), new Vec3(-22, 30, kidneyLeft.Center.Z + 8), 5, 6));
        vessels.Add(new Capsule(kidneyRight.Center + new Vec3(18, -8, 0), new Vec3(-22, 30, kidneyRight.Center.Z + 4), 5, 6));
        vessels.Add(new Capsule(kidneyLeft.Center - new Vec3(18, 0, 6), new Vec3(18, 30, kidneyLeft.Center.Z + 14), 3.5, 4));
        vessels.Add(new Capsule(kidneyRight.Center + new Vec3(18, 0, -6), new Vec3(18, 30, kidneyRight.Center.Z + 10), 3.5, 4));

        // Portal vein: trunk from the confluence to the hilum, then a seeded branching tree inside the liver.
        var confluence = new Vec3(-4, 12, 160);
        Vec3 hilum = rightLobe.Center + new Vec3(24, 6, -30);
        vessels.Add(new Capsule(confluence, hilum, 7.5, 7));
        Branch(rng, vessels, liver, tumors, hilum, (rightLobe.Center - hilum).Normalized(), 6.5, 0, 4);
        Branch(rng, vessels, liver, tumors, hilum, new Vec3(0.8, -0.5, 0.35).Normalized(), 5, 0, 3);

        // Hepatic veins fan out from the top of the IVC into the liver.
        var ivcTop = new Vec3(-23, 27, 252);
        foreach (Vec3 dir in new[] { new Vec3(-0.9, -0.3, -0.15), new Vec3(-0.35, -0.9, -0.1), new Vec3(0.55, -0.8, -0.1) })
        {
            Branch(rng, vessels, liver, tumors, ivcTop, dir.Normalized(), 6, 0, 2);
        }
        return vessels;
    }

    private static void Branch(Random rng, List<Capsule> vessels, Shape liver, List<PhantomTumor> tumors, Vec3 start, Vec3 dir, double radius, int depth, int maxDepth)
    {
        if (depth > maxDepth || radius < 1.6) return;
        double length = 22 + rng.NextDouble() * 18;
        Vec3 end = start + dir * length;
        var candidate = new Capsule(start, end, radius, radius * 0.85);
        // Vessels stay inside the liver (except where they enter) and keep clear of tumours, so truth labels stay clean.
        if (depth > 0 && liver.Distance(end) > -(radius + 2)) return;
        foreach (PhantomTumor t in tumors)
        {
            if (candidate.Distance(t.CenterMm) < t.RadiusMm + 4) return;
        }
        vessels.Add(candidate);
        Vec3 axis = Vec3.Cross(dir, Math.Abs(dir.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0)).Normalized();
        double spin = rng.NextDouble() * Math.PI * 2;
        for (int child = 0; child < 2; child++)
        {
            double angle = (0.4 + rng.NextDouble() * 0.35) * (child == 0 ? 1 : -1);
            Vec3 spunAxis = Rotate(axis, dir, spin);
            Branch(rng, vessels, liver, tumors, end, Rotate(dir, spunAxis, angle), radius * 0.74, depth + 1, maxDepth);
        }
    }

    /// <summary>Rodrigues rotation of v about a unit axis by angle radians.</summary>
    private static Vec3 Rotate(Vec3 v, Vec3 axis, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return v * c + Vec3.Cross(axis, v) * s + axis * (Vec3.Dot(axis, v) * (1 - c));
    }

    private static void AddSpineAndRibs(List<Layer> layers, Random rng)
    {
        // Vertebrae 28 mm tall with 7 mm discs: each is its own bone component, as on real CT.
        for (double z0 = 2; z0 < 300; z0 += 35)
        {
            double z1 = Math.Min(z0 + 28, 299);
            layers.Add(new Layer(new EllipticCylinder(0, 50, 24, 19, z0, z1), 380, PhantomLabel.Bone));
            layers.Add(new Layer(new EllipticCylinder(0, 50, 24, 19, z0, z1, wallMm: 2.0), 850, PhantomLabel.Bone));
            layers.Add(new Layer(new EllipticCylinder(0, 84, 16, 15, z0 + 3, z1 - 3, wallMm: 6.0), 650, PhantomLabel.Bone));
            layers.Add(new Layer(new Capsule(new Vec3(0, 98, (z0 + z1) / 2), new Vec3(0, 124, (z0 + z1) / 2 - 8), 5, 4), 650, PhantomLabel.Bone));
        }
        // Ribs: curved tubes inside the muscle wall in the upper half, sloping down towards the front.
        for (double zRib = 178; zRib < 300; zRib += 27)
        {
            foreach (double side in new[] { -1.0, 1.0 })
            {
                Vec3? previous = null;
                const int segments = 9;
                for (int n = 0; n <= segments; n++)
                {
                    double t = n / (double)segments;
                    double theta = (80 - t * 125) * Math.PI / 180; // from near the spine round to the anterior flank
                    (double rx, double ry) = BodyRadii(zRib);
                    double inset = FatMm + MuscleMm * 0.5;
                    var p = new Vec3(side * (rx - inset) * Math.Cos(theta), BodyCy + (ry - inset) * Math.Sin(theta), zRib - 30 * t + rng.NextDouble());
                    if (previous is Vec3 prev) layers.Add(new Layer(new Capsule(prev, p, 5, 4.5), 600, PhantomLabel.Bone));
                    previous = p;
                }
            }
        }
    }
}
