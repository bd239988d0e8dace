using SurgicalNav.App.Server;
using SurgicalNav.Imaging;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.App.Tests.Server.Ar;

/// <summary>Waits for a pose a simulated tracker was told to hold to reach a running server's live frame graph.</summary>
internal static class ServerPoses
{
    /// <summary>
    /// Waits until <paramref name="frame"/>'s origin is within 2 mm (the tracker's noise is 0.2-0.25 mm) of
    /// <paramref name="inTrackerMm"/> in the server's graph: on a loaded machine the tracker's next frame can take longer
    /// than any fixed delay, and a step taken before it would read the previous pose.
    /// </summary>
    public static async Task ArrivedAsync(RunningServer server, string frame, Vec3 inTrackerMm)
    {
        // A sample taken after this call: the last one before it may already sit at the position but be old (a tool
        // that was hidden and is shown again where it was), and the server would rightly refuse it as stale.
        bool Known() => server.Frames.Frames.Contains(frame) && server.Frames.Frames.Contains(FrameNames.Tracker);
        long? before = Known() ? server.Frames.Resolve(frame, FrameNames.Tracker).OldestTimestampNs : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 5000)
        {
            if (Known())
            {
                FrameResolution now = server.Frames.Resolve(frame, FrameNames.Tracker);
                if (now.OldestTimestampNs != before && Vec3.Distance(now.Transform.Apply(Vec3.Zero), inTrackerMm) < 2) return;
            }
            await Task.Delay(10);
        }
        Assert.Fail($"the tracker did not report {frame} at {inTrackerMm} mm within 5 s");
    }
}
