using SurgicalNav.Imaging;

namespace SurgicalNav.Planning;

/// <summary>
/// One needle of a plan: the target it treats, skin entry and tip target in patient LPS mm, the needle model and,
/// when chosen, the device settings.
/// </summary>
public sealed record PlannedNeedle(string Name, string Target, Vec3 EntryMm, Vec3 TargetMm, NeedleModel Needle, DeviceSettings? Settings = null);
