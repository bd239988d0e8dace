namespace SurgicalNav.Registration.Frames;

/// <summary>The coordinate frames every case knows; any other string is a valid frame name too.</summary>
public static class FrameNames
{
    /// <summary>The patient image: DICOM patient LPS, mm.</summary>
    public const string Image = "Image";

    /// <summary>The patient reference marker (dynamic reference frame) attached to the patient, mm.</summary>
    public const string Reference = "Reference";

    /// <summary>The optical tracker's camera frame, mm.</summary>
    public const string Tracker = "Tracker";

    /// <summary>The needle's tracked marker body, mm.</summary>
    public const string Needle = "Needle";

    /// <summary>The needle tip: origin at the tip, from pivot calibration, mm.</summary>
    public const string NeedleTip = "NeedleTip";

    /// <summary>The XR headset's world frame, mm.</summary>
    public const string XrWorld = "XrWorld";
}
