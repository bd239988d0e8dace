using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server;

/// <summary>
/// Body of POST /api/case/target-on-ray: a pointing ray in the patient frame, from <paramref name="OriginMm"/>
/// (patient LPS mm) along <paramref name="Direction"/> (patient LPS, any non-zero length).
/// </summary>
public sealed record RayRequest(Vec3 OriginMm, Vec3 Direction);
