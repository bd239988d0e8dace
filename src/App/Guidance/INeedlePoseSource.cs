namespace SurgicalNav.App.Guidance;

/// <summary>
/// A stream of needle poses in the image frame at tracker rate. The OpenIGTLink tracker client, composed
/// with the registration's Tracker→Image transform, is one; <see cref="ScriptedPoseSource"/> is another.
/// The stream ends when the source stops; a gap in it is what "stale" means.
/// </summary>
public interface INeedlePoseSource
{
    /// <summary>Samples as they arrive, until the source stops or <paramref name="ct"/> is cancelled.</summary>
    IAsyncEnumerable<NeedlePose> ReadAllAsync(CancellationToken ct);
}
