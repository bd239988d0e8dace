using System.Net;
using SurgicalNav.Tracking.Simulation;

namespace SurgicalNav.Tracking.Tests.Interop;

/// <summary>STT_TDATA / STP_TDATA from a peer built on libOpenIGTLink to our simulated tracker.</summary>
public class StreamingInteropTests
{
    [Test]
    public async Task LibraryPeer_StartAndStopTData_AckedStreamedAndStopped()
    {
        await using var sim = SimulatedTracker.Start(IPAddress.Loopback, 0, new SimulatedTrackerOptions { NoiseMm = 0, SendTransforms = false });

        var (code, output) = await Task.Run(() => PeerBuild.Run(PeerBuild.Path, $"stt {sim.Port} 6 10", 20_000));

        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int stopAt = Array.IndexOf(lines, "STOPPED");
        Assert.That(code, Is.Zero, output);
        Assert.That(lines[0], Is.EqualTo("RTS_TDATA Tracker 0"), "the library reads our start acknowledgement as STATUS_SUCCESS");
        Assert.That(stopAt, Is.GreaterThan(0), output);
        string[] streamed = lines[1..stopAt];
        Assert.That(streamed.Count(l => l.StartsWith("TDATA Needle 2 ", StringComparison.Ordinal)), Is.EqualTo(5), "5 TDATA messages after the RTS, each with the needle, CRC checked by the library");
        Assert.That(streamed.Count(l => l.StartsWith("TDATA ", StringComparison.Ordinal)), Is.EqualTo(15), "three tools per message");
        Assert.That(lines[^1], Is.EqualTo("RTS_TDATA Tracker 0"), "the stop is acknowledged too");
        Assert.That(lines[(stopAt + 1)..^1].All(l => l.StartsWith("TDATA ", StringComparison.Ordinal)), Is.True, "only stream messages still in flight come before the stop acknowledgement");
        await Task.Delay(50);
        Assert.That(sim.ActiveStreams, Is.Zero);
    }
}
