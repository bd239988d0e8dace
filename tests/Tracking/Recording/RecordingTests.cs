using System.Net;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Recording;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Recording;

public class RecordingTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "igtr-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private string WriteThree(out long lastRecordStart)
    {
        string path = Path.Combine(_dir, "r.igtr");
        var b = new IgtlMessageBuilder();
        using var w = new RecordingWriter(path);
        w.Append(b.Transform("Stylus", RigidPose.Identity, 1_000), 10_000);
        w.Append(b.Transform("Needle", RigidPose.Identity, 2_000), 20_000);
        lastRecordStart = new FileInfo(path).Length;
        w.Append(b.Status("Needle", 16, 0, "NOT_PRESENT", "gone", 3_000), 30_000);
        return path;
    }

    [Test]
    public void Read_CleanFile_AllRecordsNoTail()
    {
        RecordingContents c = TrackingRecording.Read(WriteThree(out _));
        Assert.That(c.Messages.Select(m => m.ReceiverTimestampNs), Is.EqualTo(new long[] { 10_000, 20_000, 30_000 }));
        Assert.That(c.IgnoredTailBytes, Is.Zero);
        Assert.That(c.StopReason, Is.Empty);
    }

    [Test]
    public void Read_CutAtEveryByteOfLastRecord_ReplaysFirstTwo()
    {
        string path = WriteThree(out long lastStart);
        byte[] full = File.ReadAllBytes(path);
        string cut = Path.Combine(_dir, "cut.igtr");
        for (long at = lastStart; at < full.Length; at++)
        {
            File.WriteAllBytes(cut, full.AsSpan(0, (int)at).ToArray());
            RecordingContents c = TrackingRecording.Read(cut);
            Assert.That(c.Messages, Has.Count.EqualTo(2), $"cut at byte {at}");
            Assert.That(c.IgnoredTailBytes, Is.EqualTo(at - lastStart));
        }
    }

    [Test]
    public void Decode_Recording_StoreSeesRecordedTimesAndMissingFlag()
    {
        RecordingContents c = TrackingRecording.Read(WriteThree(out _));
        var store = new TrackedToolStore();
        var seen = new List<(string, long)>();
        store.SampleStored = s => seen.Add((s.ToolName, s.ReceiverTimestampNs));
        IgtlCounters counters = RecordingReplay.Decode(c.Messages, m => store.Handle(null, m));
        Assert.That(counters.Messages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(new[] { ("Stylus", 10_000L), ("Needle", 20_000L), ("Needle", 30_000L) }));
        Assert.That(store.Get("Needle")!.Latest.Missing, Is.True);
    }

    [Test]
    public void Read_FlippedByteInRecord_StopsBeforeIt()
    {
        string path = WriteThree(out long lastStart);
        byte[] full = File.ReadAllBytes(path);
        full[lastStart + 30] ^= 0xFF;
        File.WriteAllBytes(path, full);
        RecordingContents c = TrackingRecording.Read(path);
        Assert.That(c.Messages, Has.Count.EqualTo(2));
        Assert.That(c.StopReason, Does.Contain("CRC"));
    }

    [Test]
    public void Read_NotARecording_ClearError()
    {
        string path = Path.Combine(_dir, "x.igtr");
        File.WriteAllText(path, "hello world");
        Assert.That(() => TrackingRecording.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("IGTREC01"));
    }

    [Test]
    public async Task Replay_OriginalTiming_KeepsGapsAndFastDoesNot()
    {
        var b = new IgtlMessageBuilder();
        var messages = new List<RecordedMessage>();
        for (int i = 0; i < 11; i++) messages.Add(new RecordedMessage(i * 20_000_000L, b.Transform("Stylus", RigidPose.Identity, i).ToArray()));
        var store = new TrackedToolStore();
        await using var server = IgtlServer.Start(IPAddress.Loopback, 0, new IgtlOptions { IdleTimeout = TimeSpan.Zero });
        await using var client = new IgtlClient("127.0.0.1", server.Port, null, store.Handle);
        await client.WaitConnectedAsync(TimeSpan.FromSeconds(3));
        while (server.ConnectionCount == 0) await Task.Delay(5);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await RecordingReplay.PlayAsync(messages, server, fast: false), Is.EqualTo(11));
        Assert.That(sw.ElapsedMilliseconds, Is.InRange(190, 400), "ms for 10 gaps of 20 ms");
        sw.Restart();
        await RecordingReplay.PlayAsync(messages, server, fast: true);
        Assert.That(sw.ElapsedMilliseconds, Is.LessThan(50), "ms as fast as possible");
        var sw2 = System.Diagnostics.Stopwatch.StartNew();
        while (store.Get("Stylus")?.UpdateCount != 22 && sw2.ElapsedMilliseconds < 2000) await Task.Delay(5);
        Assert.That(store.Get("Stylus")!.UpdateCount, Is.EqualTo(22));
    }
}
