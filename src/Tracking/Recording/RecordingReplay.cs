using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;

namespace SurgicalNav.Tracking.Recording;

/// <summary>Plays a recording to every client of an OpenIGTLink server, at the original pace or as fast as possible.</summary>
public static class RecordingReplay
{
    /// <summary>Sends the messages in order; with fast false, waits so that gaps between messages match their original receive times. Returns messages sent.</summary>
    public static async Task<int> PlayAsync(IReadOnlyList<RecordedMessage> messages, IgtlServer server, bool fast, CancellationToken ct = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long firstNs = messages.Count > 0 ? messages[0].ReceiverTimestampNs : 0;
        int sent = 0;
        foreach (RecordedMessage m in messages)
        {
            ct.ThrowIfCancellationRequested();
            if (!fast)
            {
                long dueNs = m.ReceiverTimestampNs - firstNs;
                long waitMs = (dueNs - (long)(clock.Elapsed.TotalMilliseconds * 1e6)) / 1_000_000;
                if (waitMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(waitMs), ct);
            }
            if (server.Broadcast(m.Message) > 0) sent++;
        }
        return sent;
    }

    /// <summary>
    /// Decodes recorded messages offline, with the same validation as a live connection, and hands each valid one to
    /// handler (for example <see cref="Tools.TrackedToolStore.Handle"/> with its SampleStored hook, to collect every
    /// stylus pose for pivot calibration). The receiver timestamps are the recorded ones. Returns the counters.
    /// </summary>
    public static IgtlCounters Decode(IReadOnlyList<RecordedMessage> messages, Action<IgtlMessage> handler)
    {
        var counters = new IgtlCounters();
        var parser = new IgtlStreamParser(new IgtlOptions { MaxMessagesPerSecond = int.MaxValue }, counters, "recording", handler);
        foreach (RecordedMessage m in messages)
        {
            int at = 0;
            while (at < m.Message.Length)
            {
                Span<byte> free = parser.FreeSpace();
                int n = Math.Min(free.Length, m.Message.Length - at);
                m.Message.AsSpan(at, n).CopyTo(free);
                parser.Advance(n, m.ReceiverTimestampNs);
                at += n;
            }
        }
        return counters;
    }
}
