using SurgicalNav.Imaging;

namespace SurgicalNav.Planning;

/// <summary>A target to ablate: its centre in patient LPS mm and an equivalent-sphere radius in mm.</summary>
public sealed record PlanTarget(string Name, Vec3 CenterMm, double RadiusMm, double VolumeMl);
