using SurgicalNav.App.Cases;
using SurgicalNav.App.Cli;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server;
using SurgicalNav.Registration.Frames;
using SurgicalNav.Tracking.Net;

namespace SurgicalNav.App.Commands;

/// <summary>`serve --case DIR [--port N] [--host ADDR] [--https] [--cert PFX] [--token T] [--simulate-needle | --tracker HOST:PORT [--needle-tool Needle] [--pointer-tool Stylus]] [--classroom]`: serves the web client and one case until Ctrl+C.</summary>
public static class ServeCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "serve --case DIR [--port 8080] [--host 127.0.0.1] [--https] [--cert PFX] [--simulate-needle | --tracker HOST:PORT [--needle-tool Needle] [--pointer-tool Stylus]] [--classroom]  serve the case and the WebXR client; --tracker guides with a live OpenIGTLink tracker through the case's registration and lets the headset register it with the tracked pointer";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("serve", args, ["case", "port", "host", "cert", "cert-password", "token", "tracker", "needle-tool", "pointer-tool"], ["https", "simulate-needle", "classroom"]);
        string caseDir = a.Option("case") ?? (a.Positionals.Count == 1 ? a.Positionals[0]
            : throw new UsageException("serve: --case DIR is required: the case folder made by 'surgicalnav case' or './nav demo'"));
        string? certPath = a.Option("cert");
        var certificate = certPath is not null ? ServerCertificate.LoadPfx(certPath, a.Option("cert-password"))
            : a.Flag("https") ? ServerCertificate.LoadOrCreate(ServerCertificate.DefaultDirectory()) : null;
        string? token = a.Option("token");
        if (token is { Length: < 6 }) throw new UsageException("serve: --token must be at least 6 characters");
        string? tracker = a.Option("tracker");
        var options = new CaseServerOptions(caseDir, a.Int("port", 8080, 0, 65535), a.Option("host") ?? "127.0.0.1", token, Certificate: certificate,
            Tracker: tracker, NeedleTool: a.Option("needle-tool") ?? FrameNames.Needle, PointerTool: a.Option("pointer-tool") ?? "Stylus", TrackerLog: Output.Progress);
        if (tracker is not null && a.Flag("simulate-needle")) throw new UsageException("serve: give either --tracker HOST:PORT or --simulate-needle, not both");
        if (tracker is not null)
        {
            try
            {
                TrackedNeedleSource.ParseAddress(tracker);
            }
            catch (ArgumentException e)
            {
                throw new UsageException("serve: --tracker: " + e.Message);
            }
        }
        await ServeAsync(options, a.Flag("simulate-needle"), ct, a.Flag("classroom")).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Starts the server on loopback over HTTP, prints the URL and waits for Ctrl+C or cancellation.</summary>
    public static Task ServeAsync(string caseDir, int port, string host, CancellationToken ct) =>
        ServeAsync(new CaseServerOptions(caseDir, port, host), simulateNeedle: false, ct);

    /// <summary>
    /// Starts the server, prints the local URL, the LAN URL with its pairing token and a QR code of it, and waits
    /// for Ctrl+C or cancellation. <paramref name="simulateNeedle"/> drives guidance with a scripted needle;
    /// <see cref="CaseServerOptions.Tracker"/> (host:port) with a live OpenIGTLink tracker through the case's frame graph;
    /// <paramref name="classroom"/> starts a classroom session and prints its join code.
    /// </summary>
    public static async Task ServeAsync(CaseServerOptions options, bool simulateNeedle, CancellationToken ct, bool classroom = false)
    {
        await using RunningServer server = await CaseServer.StartAsync(options, ct).ConfigureAwait(false);
        if (classroom) await ClassroomBanner.StartAsync(server, options).ConfigureAwait(false);
        Output.Result($"serve: open {server.Url} in a browser on this machine (desktop view; 'Enter VR' on a headset). Ctrl+C stops.");
        if (options.Host is not ("127.0.0.1" or "localhost"))
        {
            string scheme = options.Certificate is null ? "http" : "https";
            foreach (var address in ServerCertificate.LocalAddresses())
            {
                var lan = new UriBuilder(scheme, address.ToString(), server.Url.Port) { Query = "token=" + server.PairingToken }.Uri;
                Output.Result($"serve: on the LAN (headset, other browsers): {lan}");
            }
            var first = ServerCertificate.LocalAddresses().FirstOrDefault();
            if (first is not null)
                Output.Progress(TerminalQr.Render(new UriBuilder(scheme, first.ToString(), server.Url.Port) { Query = "token=" + server.PairingToken }.Uri.ToString()));
            if (options.Certificate is null) Output.Progress("serve: plain HTTP; WebXR on a headset needs a secure context: add --https");
        }
        Output.Result($"serve: pairing token {server.PairingToken} (needed off this machine)");
        ScriptedPoseSource? needle = null;
        if (simulateNeedle)
        {
            var path = CaseStore().ChosenTrajectory() ?? throw new UsageException("serve: --simulate-needle needs a planned trajectory; run 'surgicalnav plan' on the case first");
            needle = ScriptedPoseSource.Approach(path.EntryMm, path.TargetMm);
            server.Guidance.Attach(needle);
            Output.Result("serve: a scripted needle approaches the chosen trajectory at 60 Hz (not a tracker; registration: none)");
        }
        if (server.Tracker is not null)
        {
            string registered = server.Frames.Frames.Contains(FrameNames.Image) && server.Frames.Frames.Contains(FrameNames.Tracker)
                ? "the case's registration" : "no registration yet (guidance stays invalid until 'register --case' or the pointer registration in 'Enter AR')";
            Output.Result($"serve: tracking '{options.NeedleTool}' (pointer '{options.PointerTool}') from OpenIGTLink {options.Tracker} through {registered}");
        }
        try
        {
            await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the server is disposed below.
        }
        finally
        {
            needle?.Dispose();
        }
        Output.Progress("serve: stopped");

        CaseData CaseStore() => new(Path.GetFullPath(options.CaseDirectory));
    }
}
