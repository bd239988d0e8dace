using SurgicalNav.App.Cli;
using SurgicalNav.App.Server;

namespace SurgicalNav.App.Commands;

/// <summary>`serve --case DIR [--port N] [--host ADDR]`: serves the web client and one case until Ctrl+C.</summary>
public static class ServeCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "serve --case DIR [--port 8080] [--host 127.0.0.1]                    serve the case and the WebXR client";

    /// <summary>Runs the command.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("serve", args, ["case", "port", "host"], []);
        string caseDir = a.Option("case") ?? (a.Positionals.Count == 1 ? a.Positionals[0]
            : throw new UsageException("serve: --case DIR is required: the case folder made by 'surgicalnav case' or './nav demo'"));
        await ServeAsync(caseDir, a.Int("port", 8080, 0, 65535), a.Option("host") ?? "127.0.0.1", ct).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Starts the server, prints the URL and waits for Ctrl+C or cancellation.</summary>
    public static async Task ServeAsync(string caseDir, int port, string host, CancellationToken ct)
    {
        await using RunningServer server = await CaseServer.StartAsync(new CaseServerOptions(caseDir, port, host), ct).ConfigureAwait(false);
        Output.Result($"serve: open {server.Url} in a browser (desktop 3D view; 'Enter VR' on a headset). Ctrl+C stops.");
        try
        {
            await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the server is disposed below.
        }
        Output.Progress("serve: stopped");
    }
}
