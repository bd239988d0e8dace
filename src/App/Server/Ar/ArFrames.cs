namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// Frame names of the headset's controllers in the case's frame graph: "RightController" is the right controller's grip
/// (WebXR gripSpace, mm), "RightControllerTip" its calibrated tip (origin at the tip, from the in-headset pivot
/// calibration); the same for "Left…". Poses of the grip are given in XrWorld (the WebXR local-floor space, mm).
/// </summary>
public static class ArFrames
{
    /// <summary>The hands WebXR reports for tracked controllers.</summary>
    public static readonly IReadOnlyList<string> Hands = ["right", "left"];

    /// <summary>The grip frame of a hand's controller, e.g. "RightController".</summary>
    public static string Controller(string hand) => Title(hand) + "Controller";

    /// <summary>The calibrated tip frame of a hand's controller, e.g. "RightControllerTip".</summary>
    public static string ControllerTip(string hand) => Controller(hand) + "Tip";

    /// <summary>The tip frame of a tracked tool: "TOOLTip", as <c>pivot --tool TOOL --case</c> stores it.</summary>
    public static string ToolTip(string tool) => tool + "Tip";

    /// <summary>True for "right" and "left".</summary>
    public static bool IsHand(string? hand) => hand is not null && Hands.Contains(hand);

    private static string Title(string hand) =>
        IsHand(hand) ? char.ToUpperInvariant(hand[0]) + hand[1..] : throw new ArgumentException($"hand '{hand}' must be \"right\" or \"left\"", nameof(hand));
}
