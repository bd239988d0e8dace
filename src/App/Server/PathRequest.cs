using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server;

/// <summary>
/// Body of POST /api/case/evaluate and POST /api/case/plan/accept: a straight needle path from
/// <paramref name="EntryMm"/> (skin) to <paramref name="TargetMm"/> (tip), both patient LPS mm, and optionally
/// the name of the plan target it serves.
/// </summary>
public sealed record PathRequest(Vec3 EntryMm, Vec3 TargetMm, string? Target = null);
