namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// The optical tracker as the AR registration sees it (only with <c>serve --tracker</c>): the pointer tool's name and
/// the frame read as its tip, whether the OpenIGTLink connection is up and the pointer's pose is fresh now, whether the
/// frame graph joins Tracker and Image (a tracker registration exists), the pointer touches of the round in progress
/// (from any page), the latest in-app pointer registration, and the stated pointer FLE and FRE limit (mm).
/// </summary>
public sealed record ArTrackerState(
    string PointerTool,
    string PointerTipFrame,
    bool Connected,
    bool PointerVisible,
    bool Registered,
    IReadOnlyList<PointerTouch> Touches,
    PointerRegistrationResult? Latest,
    double FleMm,
    double FreLimitMm);
