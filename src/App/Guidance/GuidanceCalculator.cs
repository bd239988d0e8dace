using SurgicalNav.Imaging;

namespace SurgicalNav.App.Guidance;

/// <summary>
/// The guidance figures of a needle pose against a planned straight path, all in patient LPS mm: the logic
/// behind the AR display, kept free of any server so tests run it directly.
/// </summary>
public static class GuidanceCalculator
{
    /// <summary>
    /// Figures for a tip at <paramref name="tipMm"/> pointing along <paramref name="directionUnit"/>, for the
    /// path from <paramref name="entryMm"/> to <paramref name="targetMm"/>. Remaining depth is the tip-to-target
    /// distance along the path (negative past the target); lateral offset is the tip's distance from the path's
    /// line; angle error is between the needle and the path direction.
    /// </summary>
    public static GuidanceFigures Compute(Vec3 entryMm, Vec3 targetMm, Vec3 tipMm, Vec3 directionUnit)
    {
        Vec3 path = targetMm - entryMm;
        if (path.Length < 1e-6) throw new ArgumentException("the planned path has no length; entry and target coincide", nameof(targetMm));
        Vec3 u = path.Normalized();
        Vec3 d = directionUnit.Length < 1e-9 ? u : directionUnit.Normalized();
        Vec3 toTarget = targetMm - tipMm;
        double remaining = Vec3.Dot(toTarget, u);
        Vec3 lateral = -(toTarget - u * remaining); // tip minus its foot on the path line
        double cos = Math.Clamp(Vec3.Dot(d, u), -1, 1);
        (Vec3 e1, Vec3 e2) = Basis(u);
        double? aimX = null, aimY = null;
        double along = Vec3.Dot(d, u);
        if (along > 1e-6)
        {
            Vec3 aim = tipMm + d * (remaining / along) - targetMm;
            aimX = Vec3.Dot(aim, e1);
            aimY = Vec3.Dot(aim, e2);
        }
        return new GuidanceFigures(
            toTarget.Length, lateral.Length, Math.Acos(cos) * 180 / Math.PI, remaining,
            Vec3.Dot(lateral, e1), Vec3.Dot(lateral, e2), aimX, aimY);
    }

    /// <summary>
    /// A fixed right-handed basis of the plane perpendicular to the path: e1 is the patient's left (L, +x)
    /// projected into the plane, or anterior→posterior (+y) when the path runs left-right.
    /// </summary>
    public static (Vec3 E1, Vec3 E2) Basis(Vec3 pathUnit)
    {
        Vec3 reference = Math.Abs(pathUnit.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        Vec3 e1 = (reference - pathUnit * Vec3.Dot(reference, pathUnit)).Normalized();
        return (e1, Vec3.Cross(pathUnit, e1));
    }
}
