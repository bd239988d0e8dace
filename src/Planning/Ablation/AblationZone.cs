using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Ablation;

/// <summary>
/// A predicted ablation zone: an ellipsoid of revolution in patient LPS mm with its centre, unit axis along the
/// needle (entry to tip), length along the axis and diameter across it in mm.
/// </summary>
public sealed record AblationZone(Vec3 CenterMm, Vec3 Axis, double LengthMm, double DiameterMm)
{
    /// <summary>The zone of a table row for a needle from entry to tip: centred <paramref name="tipOffsetMm"/> back from the tip along the needle.</summary>
    public static AblationZone ForNeedle(Vec3 entryMm, Vec3 tipMm, AblationZoneRow row, double tipOffsetMm)
    {
        Vec3 axis = (tipMm - entryMm).Normalized();
        return new AblationZone(tipMm - axis * tipOffsetMm, axis, row.ZoneLengthMm, row.ZoneDiameterMm);
    }

    /// <summary>Volume of the ellipsoid in mL.</summary>
    public double VolumeMl => 4.0 / 3 * Math.PI * (LengthMm / 2) * (DiameterMm / 2) * (DiameterMm / 2) / 1000;

    /// <summary>True when the point (patient LPS mm) lies inside the ellipsoid.</summary>
    public bool Contains(Vec3 pointMm)
    {
        Vec3 d = pointMm - CenterMm;
        double along = Vec3.Dot(d, Axis);
        double across2 = d.X * d.X + d.Y * d.Y + d.Z * d.Z - along * along;
        double a = LengthMm / 2, b = DiameterMm / 2;
        return along * along / (a * a) + across2 / (b * b) <= 1;
    }

    /// <summary>The zone moved so that its centre is at <paramref name="centerMm"/>.</summary>
    public AblationZone At(Vec3 centerMm) => this with { CenterMm = centerMm };
}
