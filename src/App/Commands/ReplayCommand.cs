using System.Net;
using SurgicalNav.App.Cli;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Recording;

namespace SurgicalNav.App.Commands;

/// <summary>`replay file.igtr --port N [--fast]`: serves a recording over OpenIGTLink once the first client connects.</summary>
public static class ReplayCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "replay file.igtr --port N [--fast]                                  serve a recording on 127.0.0.1 at its original pace (or as fast as possible)";

    /// <summary>Waits for a client, plays the recording, and exits.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("replay", args, ["port"], ["fast"]);
        string path = a.Positional("recording (.igtr)");
        int port = a.Int("port", 18944, 0, 65535);
        RecordingContents contents = TrackingRecording.Read(path);
        if (contents.StopReason.Length > 0)
            Output.Progress($"replay: {path} ends early ({contents.StopReason}); replaying its {contents.Messages.Count} whole records");
        await using var server = IgtlServer.Start(IPAddress.Loopback, port, new IgtlOptions { IdleTimeout = TimeSpan.Zero, Log = Output.Progress });
        Output.Progress($"replay: {contents.Messages.Count} messages, serving on 127.0.0.1:{server.Port}; waiting for a client");
        while (server.ConnectionCount == 0) await Task.Delay(10, ct);
        int sent = await RecordingReplay.PlayAsync(contents.Messages, server, a.Flag("fast"), ct);
        Output.Result($"replay: sent {sent} of {contents.Messages.Count} messages");
        return 0;
    }
}
