using SurgicalNav.Imaging;
using SurgicalNav.Registration;
using SurgicalNav.Registration.Frames;

namespace SurgicalNav.Tracking.Tools;

/// <summary>
/// Keeps a <see cref="FrameGraph"/> in step with a tracker: every sample a <see cref="TrackedToolStore"/> stores
/// becomes the edge "tool → tracker frame" (the pose maps tool coordinates into the tracker's, mm), stamped with the
/// receiver's clock (ns since the epoch) and marked invalid when the tracker flags the tool missing. Staleness is
/// judged when the graph is asked: resolve with <see cref="TrackingClock.NowNs"/> and <see cref="TrackedToolStore.MaxAgeNs"/>.
/// </summary>
public sealed class TrackerFrameFeed
{
    /// <summary>Feeds <paramref name="graph"/> from <paramref name="store"/>; the store's <see cref="TrackedToolStore.SampleStored"/> is chained, not replaced.</summary>
    public TrackerFrameFeed(TrackedToolStore store, FrameGraph graph, string trackerFrame = FrameNames.Tracker)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentException.ThrowIfNullOrWhiteSpace(trackerFrame);
        Graph = graph;
        TrackerFrame = trackerFrame;
        Action<TrackedSample>? previous = store.SampleStored;
        store.SampleStored = previous is null ? Apply : s => { Apply(s); previous(s); };
    }

    /// <summary>The graph updated on the receive thread.</summary>
    public FrameGraph Graph { get; }

    /// <summary>The frame tool poses are given in (the tracker's camera frame).</summary>
    public string TrackerFrame { get; }

    /// <summary>Samples written into the graph so far.</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Called after every sample written into the graph, on the receive thread (for example to publish guidance).</summary>
    public Action<TrackedSample>? Updated { get; set; }

    private long _updates;

    /// <summary>The rigid transform of an OpenIGTLink pose (tool to sender frame, mm).</summary>
    public static RigidTransform ToTransform(in RigidPose pose) =>
        new(new Matrix3(pose.R(0, 0), pose.R(0, 1), pose.R(0, 2), pose.R(1, 0), pose.R(1, 1), pose.R(1, 2), pose.R(2, 0), pose.R(2, 1), pose.R(2, 2)),
            new Vec3(pose.XMm, pose.YMm, pose.ZMm));

    /// <summary>The OpenIGTLink pose (float32, mm) of a rigid transform, the inverse of <see cref="ToTransform"/>; a simulated tracker places tools with it.</summary>
    public static RigidPose ToPose(RigidTransform toolToTracker)
    {
        var p = new RigidPose();
        Matrix3 r = toolToTracker.Rotation;
        double[] m = [r.M00, r.M10, r.M20, r.M01, r.M11, r.M21, r.M02, r.M12, r.M22];
        for (int i = 0; i < 9; i++) p[i] = (float)m[i];
        p[9] = (float)toolToTracker.Translation.X;
        p[10] = (float)toolToTracker.Translation.Y;
        p[11] = (float)toolToTracker.Translation.Z;
        return p;
    }

    private void Apply(TrackedSample sample)
    {
        if (sample.ToolName == TrackerFrame) return;
        // A missing tool keeps its last transform (the tracker sends zeros or nothing) but is marked invalid.
        RigidTransform toolToTracker = sample.Missing ? LastOrIdentity(sample.ToolName) : ToTransform(sample.Pose);
        Graph.Set(sample.ToolName, TrackerFrame, toolToTracker, sample.ReceiverTimestampNs, valid: !sample.Missing);
        Interlocked.Increment(ref _updates);
        Updated?.Invoke(sample);
    }

    private RigidTransform LastOrIdentity(string tool)
    {
        try
        {
            return Graph.Frames.Contains(tool) ? Graph.Resolve(tool, TrackerFrame).Transform : RigidTransform.Identity;
        }
        catch (FrameGraphException)
        {
            return RigidTransform.Identity;
        }
    }
}
