using System.Buffers.Binary;
using SurgicalNav.Tracking.Net;
using SurgicalNav.Tracking.Protocol;
using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Tests.Protocol;

public class CodecTests
{
    [Test]
    public void Crc64_CheckString_MatchesEcma182()
    {
        Assert.That(Crc64Ecma.Compute("123456789"u8), Is.EqualTo(0x6C40DF5F0B497347UL));
    }

    [Test]
    public void Timestamp_RoundTrip_WithinOneNanosecond()
    {
        long ns = 1_700_000_000_123_456_789;
        Assert.That(IgtlTimestamp.ToNs(IgtlTimestamp.FromNs(ns)), Is.EqualTo(ns).Within(1));
        Assert.That(IgtlTimestamp.FromNs(ns) >> 32, Is.EqualTo(1_700_000_000UL));
    }

    [TestCase((ushort)1)]
    [TestCase((ushort)2)]
    public void Transform_BuildThenParse_BitExact(ushort version)
    {
        var pose = RigidPose.Identity;
        pose[1] = 1f / 3; pose[9] = 12345.678f; pose[10] = -0.0f; pose[11] = 1e-40f;
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.Transform, "Stylus", 1_700_000_000_000_000_000, version, messageId: 77);
        IgtlBody.WriteMatrix(b.Content(48), pose);
        b.Advance(48);
        if (version == 2) { b.AddMetadata("TransformStatus", "OK"); b.AddMetadata("Unit", "mm"); }
        IgtlMessage m = ParseOne(b.Finish().ToArray(), out IgtlCounters counters);
        Assert.That(counters.Messages, Is.EqualTo(1));
        Assert.That(m.DeviceName, Is.EqualTo("Stylus"));
        Assert.That(m.HeaderVersion, Is.EqualTo(version));
        var back = new RigidPose();
        IgtlBody.ReadMatrix(m.Content, ref back);
        for (int i = 0; i < 12; i++) Assert.That(BitConverter.SingleToInt32Bits(back[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(pose[i])), $"element {i}");
        if (version == 2)
        {
            Assert.That(m.MessageId, Is.EqualTo(77u));
            Assert.That(m.MetadataCount, Is.EqualTo(2));
            Assert.That(m.MetadataKey(1), Is.EqualTo("Unit"));
            Assert.That(m.TryGetMetadata("TransformStatus", out ReadOnlySpan<byte> v) && v.SequenceEqual("OK"u8), Is.True);
        }
    }

    [TestCase("GET_TRANS", IgtlPrefix.Get, IgtlDataType.Transform)]
    [TestCase("STT_TDATA", IgtlPrefix.Start, IgtlDataType.TData)]
    [TestCase("STP_QTDATA", IgtlPrefix.Stop, IgtlDataType.QtData)]
    [TestCase("RTS_TDATA", IgtlPrefix.ReadyToSend, IgtlDataType.TData)]
    [TestCase("GET_POSITION", IgtlPrefix.Get, IgtlDataType.Position)]
    [TestCase("IMAGE", IgtlPrefix.None, IgtlDataType.Image)]
    [TestCase("POINT", IgtlPrefix.None, IgtlDataType.Point)]
    public void TypeName_Prefixed_ParsesPrefixAndType(string name, IgtlPrefix prefix, IgtlDataType type)
    {
        var field = new byte[12];
        System.Text.Encoding.ASCII.GetBytes(name, field);
        Assert.That(IgtlTypeNames.TryParse(field, out IgtlPrefix p, out IgtlDataType t), Is.True);
        Assert.That((p, t), Is.EqualTo((prefix, type)));
        var written = new byte[12];
        IgtlTypeNames.Write(written, prefix, type);
        Assert.That(written, Is.EqualTo(field));
    }

    [Test]
    public void StartTracking_BuildThenParse_ResolutionAndCoordinates()
    {
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.Start, IgtlDataType.TData, "Tracker", 0);
        IgtlBody.WriteStartTracking(b.Content(36), 20, "Patient");
        b.Advance(36);
        IgtlMessage m = ParseOne(b.Finish().ToArray(), out _);
        Assert.That(m.Prefix, Is.EqualTo(IgtlPrefix.Start));
        Assert.That(IgtlBody.ReadStartTracking(m.Content, out ReadOnlySpan<byte> coord), Is.EqualTo(20));
        Assert.That(coord.SequenceEqual("Patient"u8), Is.True);
    }

    [Test]
    public void Image_ReceivedHeaderAndPixels_Decoded()
    {
        var b = new IgtlMessageBuilder();
        b.Begin(IgtlPrefix.None, IgtlDataType.Image, "US", 0);
        Span<byte> c = b.Content(72 + 2 * 3 * 4 * 2);
        c.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(c, 1);
        c[2] = 1; c[3] = 4; c[4] = 1; c[5] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(c[6..], 3); BinaryPrimitives.WriteUInt16BigEndian(c[8..], 4); BinaryPrimitives.WriteUInt16BigEndian(c[10..], 2);
        BinaryPrimitives.WriteSingleBigEndian(c[12..], 0.5f);
        BinaryPrimitives.WriteUInt16BigEndian(c[66..], 3); BinaryPrimitives.WriteUInt16BigEndian(c[68..], 4); BinaryPrimitives.WriteUInt16BigEndian(c[70..], 2);
        b.Advance(c.Length);
        IgtlMessage m = ParseOne(b.Finish().ToArray(), out _);
        Span<float> matrix = stackalloc float[12];
        IgtlImageInfo info = IgtlBody.ReadImageHeader(m.Content, matrix);
        Assert.That((info.SizeX, info.SizeY, info.SizeZ, info.ScalarType, info.Coordinates), Is.EqualTo((3, 4, 2, (byte)4, (byte)2)));
        Assert.That(matrix[0], Is.EqualTo(0.5f));
        Assert.That(IgtlBody.ImagePixelBytes(m.Content), Is.EqualTo(48));
    }

    [Test]
    public void Parser_SteadyStream_AllocatesNothingPerMessage()
    {
        var b = new IgtlMessageBuilder();
        byte[] msg = b.Transform("Stylus", RigidPose.Identity, 1).ToArray();
        var store = new TrackedToolStore();
        var parser = new IgtlStreamParser(new IgtlOptions { MaxMessagesPerSecond = int.MaxValue }, new IgtlCounters(), "test", m => store.Handle(null, m));
        void Feed(int count)
        {
            for (int i = 0; i < count; i++)
            {
                msg.CopyTo(parser.FreeSpace());
                parser.Advance(msg.Length, i + 1);
            }
        }
        Feed(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Feed(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.LessThan(1024), "bytes allocated for 10000 messages (parse + CRC + store)");
        Assert.That(store.Get("Stylus")!.UpdateCount, Is.EqualTo(10_100));
    }

    internal static IgtlMessage ParseOne(byte[] bytes, out IgtlCounters counters)
    {
        IgtlMessage? got = null;
        counters = new IgtlCounters();
        var parser = new IgtlStreamParser(new IgtlOptions(), counters, "test", m => got ??= m);
        bytes.CopyTo(parser.FreeSpace());
        parser.Advance(bytes.Length, 5);
        Assert.That(got, Is.Not.Null, counters.ToString());
        return got!;
    }
}
