namespace SurgicalNav.Imaging.Phantom;

public static partial class AbdomenPhantom
{
    /// <summary>One painted structure: shape, HU and label; later structures paint over earlier ones.</summary>
    private sealed record Layer(Shape Shape, float Hu, byte Label);

    /// <summary>All anatomy of one phantom, in painting order, plus what truth.json needs.</summary>
    private sealed record Anatomy(List<Layer> Layers, List<PhantomTumor> Tumors, Dictionary<string, Vec3> Seeds);

    // Body cross-section: an ellipse centred at (0, BodyCy) with semi-axes that taper slightly towards the chest.
    private const double BodyCy = 10;
    private const double FatMm = 20, MuscleMm = 12;

    private static (double Rx, double Ry) BodyRadii(double zMm) => (166 - 0.03 * zMm, 121 - 0.02 * zMm);

    private static Anatomy BuildAnatomy(int seed, int tumorCount, bool vesselTouchingTumor = false)
    {
        var rng = new Random(seed);
        double J(double amplitude) => (rng.NextDouble() * 2 - 1) * amplitude;
        var layers = new List<Layer>();
        var seeds = new Dictionary<string, Vec3>();

        // Paraspinal muscles, psoas, mesenteric fat and bowel gas give the cavity texture and holes to fill.
        foreach (double s in new[] { -1.0, 1.0 })
        {
            layers.Add(new Layer(new EllipticCylinder(s * 42, 100, 30, 20, 0, 300), 55, PhantomLabel.Body));
            layers.Add(new Layer(new Capsule(new Vec3(s * 30, 55, 175), new Vec3(s * 60, 40, 0), 10, 22), 52, PhantomLabel.Body));
        }
        for (int n = 0; n < 4; n++)
        {
            var c = new Vec3(30 + J(40), -40 + J(25), 90 + J(60));
            layers.Add(new Layer(new Ellipsoid(c, new Vec3(22 + J(6), 15 + J(4), 25 + J(8))), -90, PhantomLabel.Body));
        }
        for (int n = 0; n < 3; n++)
        {
            var c = new Vec3(55 + J(25), -55 + J(15), 70 + J(50));
            layers.Add(new Layer(new Ellipsoid(c, new Vec3(12 + J(3), 9 + J(2), 14 + J(4))), -950, PhantomLabel.Body));
        }

        // Kidneys sit posterior and low; the liver paints over the upper pole region it shares with the right one.
        var kidneyRight = new Ellipsoid(new Vec3(-74 + J(3), 62 + J(3), 105 + J(5)), new Vec3(26, 23, 52));
        var kidneyLeft = new Ellipsoid(new Vec3(74 + J(3), 62 + J(3), 118 + J(5)), new Vec3(26, 23, 52));
        layers.Add(new Layer(kidneyRight, 125, PhantomLabel.Kidney));
        layers.Add(new Layer(kidneyLeft, 125, PhantomLabel.Kidney));
        seeds["kidney_right"] = kidneyRight.Center;
        seeds["kidney_left"] = kidneyLeft.Center;

        // Liver: large right lobe smoothly joined to a left lobe crossing the midline.
        var rightLobe = new Ellipsoid(new Vec3(-62 + J(4), 0 + J(4), 215 + J(5)), new Vec3(64, 80, 66));
        var leftLobe = new Ellipsoid(new Vec3(12 + J(4), -38 + J(4), 236 + J(4)), new Vec3(52, 38, 32));
        var liver = new SmoothUnion(rightLobe, leftLobe, 18);
        layers.Add(new Layer(liver, 105, PhantomLabel.Liver));

        List<PhantomTumor> tumors = PlaceTumors(rng, liver, rightLobe, leftLobe, tumorCount);
        foreach (PhantomTumor t in tumors) layers.Add(new Layer(new Ellipsoid(t.CenterMm, new Vec3(t.RadiusMm, t.RadiusMm, t.RadiusMm)), 45, PhantomLabel.Tumor));

        List<Capsule> vessels = BuildVessels(rng, liver, rightLobe, tumors, kidneyLeft, kidneyRight);
        if (vesselTouchingTumor && tumors.Count > 0)
        {
            // A 4 mm vessel along z whose wall touches the first tumour's surface (1 mm overlap) on its +x side.
            PhantomTumor t = tumors[0];
            Vec3 axis = t.CenterMm + new Vec3(t.RadiusMm + 4 - 1, 0, 0);
            vessels.Add(new Capsule(axis - new Vec3(0, 0, 45), axis + new Vec3(0, 0, 45), 4, 4));
        }
        foreach (Capsule v in vessels) layers.Add(new Layer(v, 180, PhantomLabel.Vessels));

        AddSpineAndRibs(layers, rng);

        seeds["liver"] = LiverSeed(liver, rightLobe.Center, tumors, vessels);
        for (int n = 0; n < tumors.Count; n++) seeds[n == 0 ? "tumor" : $"tumor{n + 1}"] = tumors[n].CenterMm;
        seeds["aorta"] = new Vec3(18, 31, 150);
        seeds["bone"] = new Vec3(0, 50, 150);
        seeds["body"] = new Vec3(0, BodyCy - BodyRadii(150).Ry + FatMm / 2, 150);
        return new Anatomy(layers, tumors, seeds);
    }

    private static List<PhantomTumor> PlaceTumors(Random rng, Shape liver, Ellipsoid rightLobe, Ellipsoid leftLobe, int count)
    {
        var tumors = new List<PhantomTumor>();
        Vec3[] anchors = [rightLobe.Center + new Vec3(-8, -22, 8), rightLobe.Center + new Vec3(18, 28, -22), leftLobe.Center + new Vec3(-4, 2, 0), rightLobe.Center + new Vec3(-30, 20, 25)];
        double[] radii = [15, 10, 8, 9];
        for (int n = 0; n < Math.Min(count, anchors.Length); n++)
        {
            double r = radii[n] + rng.NextDouble() * 3;
            Vec3 c = anchors[n] + new Vec3(rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5, rng.NextDouble() * 10 - 5);
            // Pull the centre towards the lobe centre until the whole tumour lies well inside the liver.
            for (int step = 0; step < 50 && liver.Distance(c) > -(r + 5); step++) c = c + (rightLobe.Center - c) * 0.1;
            tumors.Add(new PhantomTumor(n == 0 ? "tumor" : $"tumor{n + 1}", c, r));
        }
        return tumors;
    }

    private static Vec3 LiverSeed(Shape liver, Vec3 center, List<PhantomTumor> tumors, List<Capsule> vessels)
    {
        Vec3 best = center;
        double bestScore = double.MinValue;
        for (int a = -4; a <= 4; a++)
        for (int b = -4; b <= 4; b++)
        for (int c = -4; c <= 4; c++)
        {
            Vec3 p = center + new Vec3(a * 6, b * 6, c * 6);
            double clearance = -liver.Distance(p);
            foreach (PhantomTumor t in tumors) clearance = Math.Min(clearance, Vec3.Distance(p, t.CenterMm) - t.RadiusMm);
            foreach (Capsule v in vessels) clearance = Math.Min(clearance, v.Distance(p));
            if (clearance > bestScore) { bestScore = clearance; best = p; }
        }
        return best;
    }
}
