namespace SurgicalNav.Imaging.Phantom;

/// <summary>A solid given by a signed distance in mm (negative inside) and a bounding box in patient LPS mm.</summary>
internal abstract class Shape
{
    /// <summary>Signed distance (approximate where noted) from a point to the surface, in mm.</summary>
    public abstract double Distance(Vec3 p);

    /// <summary>Lower corner of the bounding box, mm.</summary>
    public abstract Vec3 Min { get; }

    /// <summary>Upper corner of the bounding box, mm.</summary>
    public abstract Vec3 Max { get; }
}

/// <summary>Axis-aligned ellipsoid; distance uses the k0(k0-1)/k1 bound, good near the surface.</summary>
internal sealed class Ellipsoid(Vec3 center, Vec3 radii) : Shape
{
    public Vec3 Center { get; } = center;
    public Vec3 Radii { get; } = radii;

    public override double Distance(Vec3 p)
    {
        Vec3 q = p - Center;
        double ax = q.X / Radii.X, ay = q.Y / Radii.Y, az = q.Z / Radii.Z;
        double k0 = Math.Sqrt(ax * ax + ay * ay + az * az);
        double bx = ax / Radii.X, by = ay / Radii.Y, bz = az / Radii.Z;
        double k1 = Math.Sqrt(bx * bx + by * by + bz * bz);
        return k1 < 1e-12 ? -Math.Min(Radii.X, Math.Min(Radii.Y, Radii.Z)) : k0 * (k0 - 1) / k1;
    }

    public override Vec3 Min => Center - Radii;
    public override Vec3 Max => Center + Radii;
}

/// <summary>A tapered capsule from A (radius ra) to B (radius rb); exact for equal radii.</summary>
internal sealed class Capsule(Vec3 a, Vec3 b, double ra, double rb) : Shape
{
    public Vec3 A { get; } = a;
    public Vec3 B { get; } = b;
    public double RadiusA { get; } = ra;
    public double RadiusB { get; } = rb;

    public override double Distance(Vec3 p)
    {
        Vec3 ab = B - A;
        double t = Math.Clamp(Vec3.Dot(p - A, ab) / Math.Max(Vec3.Dot(ab, ab), 1e-12), 0, 1);
        return (p - (A + ab * t)).Length - (RadiusA + (RadiusB - RadiusA) * t);
    }

    public override Vec3 Min
    {
        get { double r = Math.Max(RadiusA, RadiusB); return new Vec3(Math.Min(A.X, B.X) - r, Math.Min(A.Y, B.Y) - r, Math.Min(A.Z, B.Z) - r); }
    }

    public override Vec3 Max
    {
        get { double r = Math.Max(RadiusA, RadiusB); return new Vec3(Math.Max(A.X, B.X) + r, Math.Max(A.Y, B.Y) + r, Math.Max(A.Z, B.Z) + r); }
    }
}

/// <summary>A z-aligned elliptic cylinder, optionally hollow (a tube wall of given thickness), between z0 and z1.</summary>
internal sealed class EllipticCylinder(double cx, double cy, double rx, double ry, double z0, double z1, double wallMm = 0) : Shape
{
    public override double Distance(Vec3 p)
    {
        double ax = (p.X - cx) / rx, ay = (p.Y - cy) / ry;
        double k0 = Math.Sqrt(ax * ax + ay * ay);
        double bx = ax / rx, by = ay / ry;
        double k1 = Math.Sqrt(bx * bx + by * by);
        double radial = k1 < 1e-12 ? -Math.Min(rx, ry) : k0 * (k0 - 1) / k1;
        if (wallMm > 0) radial = Math.Abs(radial + wallMm / 2) - wallMm / 2;
        double axial = Math.Max(z0 - p.Z, p.Z - z1);
        return Math.Max(radial, axial);
    }

    public override Vec3 Min => new(cx - rx, cy - ry, z0);
    public override Vec3 Max => new(cx + rx, cy + ry, z1);
}

/// <summary>Smooth union of two shapes (polynomial smooth minimum with blend radius k mm).</summary>
internal sealed class SmoothUnion(Shape a, Shape b, double k) : Shape
{
    public override double Distance(Vec3 p)
    {
        double da = a.Distance(p), db = b.Distance(p);
        double h = Math.Clamp(0.5 + 0.5 * (db - da) / k, 0, 1);
        return db + (da - db) * h - k * h * (1 - h);
    }

    public override Vec3 Min => new(Math.Min(a.Min.X, b.Min.X), Math.Min(a.Min.Y, b.Min.Y), Math.Min(a.Min.Z, b.Min.Z));
    public override Vec3 Max => new(Math.Max(a.Max.X, b.Max.X), Math.Max(a.Max.Y, b.Max.Y), Math.Max(a.Max.Z, b.Max.Z));
}

/// <summary>An ellipsoid of revolution about a unit axis (half length along it, radius across); same distance bound as <see cref="Ellipsoid"/>.</summary>
internal sealed class Spheroid(Vec3 center, Vec3 axis, double halfLengthMm, double radiusMm) : Shape
{
    private readonly Vec3 _axis = axis.Normalized();

    public override double Distance(Vec3 p)
    {
        Vec3 q = p - center;
        double along = Vec3.Dot(q, _axis);
        double across = Math.Sqrt(Math.Max(0, Vec3.Dot(q, q) - along * along));
        double ax = along / halfLengthMm, ay = across / radiusMm;
        double k0 = Math.Sqrt(ax * ax + ay * ay);
        double bx = ax / halfLengthMm, by = ay / radiusMm;
        double k1 = Math.Sqrt(bx * bx + by * by);
        return k1 < 1e-12 ? -Math.Min(halfLengthMm, radiusMm) : k0 * (k0 - 1) / k1;
    }

    public override Vec3 Min => center - new Vec3(1, 1, 1) * Math.Max(halfLengthMm, radiusMm);
    public override Vec3 Max => center + new Vec3(1, 1, 1) * Math.Max(halfLengthMm, radiusMm);
}
