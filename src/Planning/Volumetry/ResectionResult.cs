using SurgicalNav.Imaging;

namespace SurgicalNav.Planning.Volumetry;

/// <summary>
/// A virtual resection of an organ by a plane through <see cref="PointMm"/> with unit <see cref="NormalMm"/> (patient
/// LPS; the side the normal points to is resected), or by a curved surface through <see cref="ControlPoints"/> points
/// (then <see cref="PointMm"/> is their centroid and <see cref="NormalMm"/> the surface's direction): the organ's
/// functional volume in mL (its own segment, so tumours and vessels inside it are excluded, as for the future liver
/// remnant), the resected and remnant volumes in mL, and the remnant as % of the functional volume.
/// </summary>
public sealed record ResectionResult(string Organ, Vec3 PointMm, Vec3 NormalMm, double FunctionalMl, double ResectedMl, double RemnantMl, double RemnantPercent, int ControlPoints = 0)
{
    /// <summary>A summary a liver surgeon can read.</summary>
    public string Describe() =>
        $"{Organ}: {FunctionalMl:0} mL functional; the {(ControlPoints > 0 ? $"surface through {ControlPoints} points around" : "plane through")} {PointMm} mm resects {ResectedMl:0} mL and leaves {RemnantMl:0} mL ({RemnantPercent:0.0}%)";
}
