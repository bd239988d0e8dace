using SurgicalNav.Tracking.Tools;

namespace SurgicalNav.Tracking.Protocol;

/// <summary>One-call builders for the message types SurgicalNav sends.</summary>
public sealed partial class IgtlMessageBuilder
{
    /// <summary>A TRANSFORM message for the device (pose in mm, sender's frame).</summary>
    public ReadOnlySpan<byte> Transform(string device, in RigidPose pose, long timestampNs, ushort headerVersion = 1)
    {
        Begin(IgtlPrefix.None, IgtlDataType.Transform, device, timestampNs, headerVersion);
        IgtlBody.WriteMatrix(Content(IgtlBody.TransformSize), pose);
        Advance(IgtlBody.TransformSize);
        return Finish();
    }

    /// <summary>A POSITION message from (x, y, z mm, qx, qy, qz, qw).</summary>
    public ReadOnlySpan<byte> Position(string device, ReadOnlySpan<float> values, long timestampNs, ushort headerVersion = 1)
    {
        Begin(IgtlPrefix.None, IgtlDataType.Position, device, timestampNs, headerVersion);
        IgtlBody.WritePosition(Content(28), values);
        Advance(28);
        return Finish();
    }

    /// <summary>A STATUS message (code 1 = OK, 16 = not present, see OpenIGTLink's status codes).</summary>
    public ReadOnlySpan<byte> Status(string device, ushort code, long subcode, string errorName, string text, long timestampNs, ushort headerVersion = 1)
    {
        Begin(IgtlPrefix.None, IgtlDataType.Status, device, timestampNs, headerVersion);
        Advance(IgtlBody.WriteStatus(Content(IgtlBody.StatusSize(text)), code, subcode, errorName, text));
        return Finish();
    }

    /// <summary>A STRING message in UTF-8.</summary>
    public ReadOnlySpan<byte> String(string device, string text, long timestampNs, ushort headerVersion = 1)
    {
        Begin(IgtlPrefix.None, IgtlDataType.String, device, timestampNs, headerVersion);
        Advance(IgtlBody.WriteString(Content(4 + System.Text.Encoding.UTF8.GetByteCount(text)), text));
        return Finish();
    }

    /// <summary>A message with empty content, such as GET_TRANS, STP_TDATA or a v1 RTS_ without status.</summary>
    public ReadOnlySpan<byte> Empty(IgtlPrefix prefix, IgtlDataType type, string device, long timestampNs, ushort headerVersion = 1)
    {
        Begin(prefix, type, device, timestampNs, headerVersion);
        return Finish();
    }
}
