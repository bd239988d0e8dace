using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Simulation;

/// <summary>
/// The true, noise-free motion of simulated tools in tracker coordinates (mm): the reference frame sits still with a
/// slow breathing drift, the stylus traces a seeded Lissajous figure over the patient, the needle advances and
/// retracts along a fixed axis. Everything is a smooth function of time, so tests can compare against it.
/// </summary>
public sealed class ToolPaths
{
    private readonly double[] _phase = new double[8];

    /// <summary>Paths whose phases come from the seed.</summary>
    public ToolPaths(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < _phase.Length; i++) _phase[i] = random.NextDouble() * 2 * Math.PI;
    }

    /// <summary>The true pose of the tool at time t (seconds since the tracker started); unknown names move like the stylus, offset by their hash.</summary>
    public RigidPose At(string tool, double t)
    {
        switch (tool)
        {
            case "Reference":
                return RigidPose.FromQuaternion(0, 0, (float)(-1500 + 2 * Math.Sin(2 * Math.PI * 0.25 * t + _phase[0])), 0, 0, 0, 1);
            case "Needle":
            {
                double depth = 40 + 30 * Math.Sin(2 * Math.PI * 0.2 * t + _phase[1]);
                double angle = 0.3 * Math.Sin(2 * Math.PI * 0.05 * t + _phase[2]);
                return RigidPose.FromQuaternion((float)(50 + depth * 0.5), (float)(-20 + depth * 0.3), (float)(-1450 + depth * 0.8),
                    (float)Math.Sin(angle / 2), 0, 0, (float)Math.Cos(angle / 2));
            }
            default:
            {
                double offset = tool == "Stylus" ? 0 : (tool.GetHashCode(StringComparison.Ordinal) & 0xFF);
                double x = 80 * Math.Sin(2 * Math.PI * 0.3 * t + _phase[3]) + offset;
                double y = 60 * Math.Sin(2 * Math.PI * 0.2 * t + _phase[4]);
                double z = -1400 + 20 * Math.Sin(2 * Math.PI * 0.1 * t + _phase[5]);
                double yaw = 0.5 * Math.Sin(2 * Math.PI * 0.15 * t + _phase[6]);
                return RigidPose.FromQuaternion((float)x, (float)y, (float)z, 0, 0, (float)Math.Sin(yaw / 2), (float)Math.Cos(yaw / 2));
            }
        }
    }
}
