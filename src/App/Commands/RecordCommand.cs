using SurgicalNav.App.Cli;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Recording;

namespace SurgicalNav.App.Commands;

/// <summary>`record --host H --port N --out file.igtr --seconds S`: connects to an OpenIGTLink server and appends every valid message to a recording.</summary>
public static class RecordCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "record --host H --port N --out file.igtr [--seconds S]               record an OpenIGTLink stream (append-only, CRC-64 per record)";

    /// <summary>Records until --seconds pass or Ctrl+C.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var a = new CommandArgs("record", args, ["host", "port", "out", "seconds"], []);
        string host = a.Option("host") ?? "127.0.0.1";
        int port = a.Int("port", 18944, 1, 65535);
        string path = a.Required("out", "the .igtr file to append to");
        double seconds = a.Double("seconds", 0, 0, 1e7);
        using var writer = new RecordingWriter(path);
        var options = new IgtlOptions { IdleTimeout = TimeSpan.Zero, Log = Output.Progress };
        await using (var client = new IgtlClient(host, port, options, (_, m) => writer.Append(m.Raw, m.ReceiverTimestampNs)))
        {
            Output.Progress($"record: connecting to {host}:{port}, writing {path}" + (seconds > 0 ? $" for {seconds} s" : " until Ctrl+C"));
            try
            {
                await Task.Delay(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Output.Progress("record: stopping");
            }
            Output.Progress($"record: {client.Counters}");
        }
        Output.Result($"record: {writer.Count} messages in {path}");
        return writer.Count > 0 ? 0 : 1;
    }
}
