using System.Text.Json;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Recording;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.App.Tests.Cli;

/// <summary>`pivot recording.igtr --tool NAME`: calibration from a tracker recording, through the tracking decoder.</summary>
[TestFixture]
public class PivotRecordingTests
{
    // A stylus pivoting about a fixed point: tip 152 mm down the tool's -z axis, pivot at (12, -20, 310) mm.
    private static readonly double[] TipInTool = [1.5, -0.8, -152.0];
    private static readonly double[] PivotInTracker = [12, -20, 310];

    private static string WriteRecording(double noiseRmsMm, int seed)
    {
        string path = Path.Combine(CliProcess.TempDir(), "pivot.igtr");
        var rng = new Random(seed);
        var builder = new IgtlMessageBuilder();
        using var writer = new RecordingWriter(path);
        double perAxis = noiseRmsMm / Math.Sqrt(3);
        for (int n = 0; n < 300; n++)
        {
            // Random rotation within a 35° cone about the vertical, any twist.
            double tilt = rng.NextDouble() * 35 * Math.PI / 180, azimuth = rng.NextDouble() * 2 * Math.PI, twist = rng.NextDouble() * 2 * Math.PI;
            var axis = (X: Math.Cos(azimuth), Y: Math.Sin(azimuth), Z: 0.0);
            (double qx, double qy, double qz, double qw) tiltQ = (axis.X * Math.Sin(tilt / 2), axis.Y * Math.Sin(tilt / 2), 0, Math.Cos(tilt / 2));
            (double qx, double qy, double qz, double qw) twistQ = (0, 0, Math.Sin(twist / 2), Math.Cos(twist / 2));
            var q = Multiply(tiltQ, twistQ);
            double[] r = Rotate(q, TipInTool);
            double Noise() => perAxis * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            // Tool origin = pivot - R * tip, plus tracker noise.
            RigidPose pose = RigidPose.FromQuaternion(
                (float)(PivotInTracker[0] - r[0] + Noise()), (float)(PivotInTracker[1] - r[1] + Noise()), (float)(PivotInTracker[2] - r[2] + Noise()),
                (float)q.qx, (float)q.qy, (float)q.qz, (float)q.qw);
            long t = 1_000_000_000L + n * 4_000_000L;
            writer.Append(builder.Transform("Stylus", pose, t), t);
            writer.Append(builder.Transform("Reference", RigidPose.Identity, t), t);
        }
        return path;
    }

    private static (double qx, double qy, double qz, double qw) Multiply((double x, double y, double z, double w) a, (double x, double y, double z, double w) b) =>
        (a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
         a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
         a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
         a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z);

    private static double[] Rotate((double x, double y, double z, double w) q, double[] v)
    {
        // v' = v + 2w(q×v) + 2 q×(q×v)
        double cx = q.y * v[2] - q.z * v[1], cy = q.z * v[0] - q.x * v[2], cz = q.x * v[1] - q.y * v[0];
        double ccx = q.y * cz - q.z * cy, ccy = q.z * cx - q.x * cz, ccz = q.x * cy - q.y * cx;
        return [v[0] + 2 * (q.w * cx + ccx), v[1] + 2 * (q.w * cy + ccy), v[2] + 2 * (q.w * cz + ccz)];
    }

    [Test]
    public void Pivot_RecordingWithQuarterMillimetreNoise_FindsTipWithin0p3Mm()
    {
        string recording = WriteRecording(noiseRmsMm: 0.25, seed: 11);

        CliProcess.Result r = CliProcess.Run("pivot", recording, "--tool", "Stylus", "--json");

        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        using JsonDocument json = JsonDocument.Parse(r.StdOut);
        double[] tip = json.RootElement.GetProperty("tipInToolMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] pivot = json.RootElement.GetProperty("pivotInTrackerMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double tipError = Math.Sqrt(tip.Zip(TipInTool, (a, b) => (a - b) * (a - b)).Sum());
        double pivotError = Math.Sqrt(pivot.Zip(PivotInTracker, (a, b) => (a - b) * (a - b)).Sum());
        Assert.Multiple(() =>
        {
            Assert.That(tipError, Is.LessThan(0.3), $"tip error {tipError:0.000} mm");
            Assert.That(pivotError, Is.LessThan(0.3), $"pivot error {pivotError:0.000} mm");
            Assert.That(json.RootElement.GetProperty("samples").GetInt32(), Is.EqualTo(300), "every Stylus pose, and none of the Reference ones");
        });
    }

    [Test]
    public void Pivot_RecordingWithoutThatTool_FailsListingTheToolsItHolds()
    {
        string recording = WriteRecording(noiseRmsMm: 0.25, seed: 12);

        CliProcess.Result r = CliProcess.Run("pivot", recording, "--tool", "Needle");

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.StdErr, Does.Contain("'Needle'").And.Contain("Reference").And.Contain("Stylus"));
            Assert.That(r.StdErr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public void Pivot_RecordingWithoutTool_IsAUsageError()
    {
        string recording = WriteRecording(noiseRmsMm: 0.25, seed: 13);

        CliProcess.Result r = CliProcess.Run("pivot", recording);

        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.StdErr, Does.Contain("--tool"));
    }
}
