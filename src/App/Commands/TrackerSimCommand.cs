using System.Net;
using SurgicalNav.App.Cli;
using SurgicalNav.Tracking.Simulation;

namespace SurgicalNav.App.Commands;

/// <summary>`tracker-sim --port N [--rate 250] [--noise-mm 0.25] [--seconds S]`: serves a simulated optical tracker over OpenIGTLink on loopback.</summary>
public static class TrackerSimCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "tracker-sim --port N [--rate 250] [--noise-mm 0.25] [--seconds S] [--dropouts-per-s D] [--latency-ms L] [--jitter-ms J] [--seed N]   serve Reference/Stylus/Needle TRANSFORMs on 127.0.0.1";

    /// <summary>Runs until --seconds pass or Ctrl+C.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("tracker-sim", args, ["port", "rate", "noise-mm", "seconds", "dropouts-per-s", "latency-ms", "jitter-ms", "seed"], []);
        int port = a.Int("port", 18944, 0, 65535);
        double seconds = a.Double("seconds", 0, 0, 1e7);
        var options = new SimulatedTrackerOptions
        {
            RateHz = a.Double("rate", 250, 1, 10_000),
            NoiseMm = a.Double("noise-mm", 0.25, 0, 100),
            DropoutsPerSecond = a.Double("dropouts-per-s", 0, 0, 100),
            LatencyMs = a.Double("latency-ms", 0, 0, 10_000),
            JitterMs = a.Double("jitter-ms", 0, 0, 10_000),
            Seed = a.Int("seed", 1, int.MinValue, int.MaxValue),
        };
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, port, options, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null);
        Output.Progress($"tracker-sim: serving OpenIGTLink on 127.0.0.1:{sim.Port}, {string.Join(", ", options.Tools)} at {options.RateHz} Hz, noise {options.NoiseMm} mm RMS" +
                        (seconds > 0 ? $", for {seconds} s" : ", until Ctrl+C"));
        try
        {
            await sim.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Output.Progress("tracker-sim: stopping");
        }
        Output.Result($"tracker-sim: {sim.Frames} frames, {sim.MessagesSent} messages sent");
        return 0;
    }
}
