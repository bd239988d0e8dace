namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// The headset tests that drive hundreds of emulated frames (two headsets in one classroom, a tracker-driven AR
/// registration, hand gestures, per-frame ray casts, a refused pivot calibration whose refusal the App tests also
/// cover over HTTP). SwiftShader draws every frame on the CPU, so each takes 0.5 to 3 minutes on the 2-core CI
/// machine, and together they would push `./nav test` past its 15 minutes. They run with
/// `./nav test --long` (or `--filter TestCategory=Long`), and before a change to the XR client lands.
/// </summary>
internal static class LongTests
{
    /// <summary>The NUnit category of these tests.</summary>
    public const string Category = "Long";

    /// <summary>Why they are explicit.</summary>
    public const string Reason = "one to three minutes of emulated headset frames on 2 cores; run with ./nav test --long";
}
