namespace SurgicalNav.Imaging.Phantom;

/// <summary>
/// A post-ablation series of the same phantom patient: the anatomy moved rigidly (rotation in degrees about x, then
/// y, then z through the patient LPS origin, then a translation in mm: a pre-op point p appears at R p + t in the
/// post-op scanner), and a hypodense ablation zone, an ellipsoid of revolution given in the pre-op frame (centre in
/// patient LPS mm, unit axis, length along the axis and diameter across it in mm), ringed by a hyperdense rim of
/// <see cref="RimMm"/> just outside it. The zone is <see cref="ZoneDropHu"/> below enhanced liver (105 HU), the rim
/// <see cref="RimRiseHu"/> above it; bone and air are not painted over.
/// </summary>
public sealed record PostAblationOptions(
    Vec3 TranslationMm,
    Vec3 RotationDeg,
    Vec3 ZoneCenterMm,
    Vec3 ZoneAxis,
    double ZoneLengthMm,
    double ZoneDiameterMm,
    double ZoneDropHu = 35,
    double RimRiseHu = 35,
    double RimMm = 3)
{
    /// <summary>HU of enhanced liver in the phantom, the reference for the zone and rim values.</summary>
    public const double LiverHu = 105;

    /// <summary>The rotation R (pre-op to post-op scanner) from <see cref="RotationDeg"/>: Rz · Ry · Rx.</summary>
    public Matrix3 Rotation
    {
        get
        {
            double a = RotationDeg.X * Math.PI / 180, b = RotationDeg.Y * Math.PI / 180, c = RotationDeg.Z * Math.PI / 180;
            var rx = new Matrix3(1, 0, 0, 0, Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a));
            var ry = new Matrix3(Math.Cos(b), 0, Math.Sin(b), 0, 1, 0, -Math.Sin(b), 0, Math.Cos(b));
            var rz = new Matrix3(Math.Cos(c), -Math.Sin(c), 0, Math.Sin(c), Math.Cos(c), 0, 0, 0, 1);
            Vec3 Apply(Vec3 v) => rz * (ry * (rx * v));
            return Matrix3.FromColumns(Apply(new Vec3(1, 0, 0)), Apply(new Vec3(0, 1, 0)), Apply(new Vec3(0, 0, 1)));
        }
    }

    /// <summary>Where a pre-op patient LPS point (mm) appears in the post-op scanner (mm).</summary>
    public Vec3 PreToPost(Vec3 preMm) => Rotation * preMm + TranslationMm;

    /// <summary>The pre-op patient LPS point (mm) that a post-op scanner point (mm) shows.</summary>
    public Vec3 PostToPre(Vec3 postMm) => Rotation.Transposed() * (postMm - TranslationMm);
}
