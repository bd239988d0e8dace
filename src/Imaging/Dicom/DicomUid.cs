using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>Deterministic DICOM UIDs: SHA-256 of a seed and a role, as a "2.25." UUID-derived UID.</summary>
internal static class DicomUid
{
    /// <summary>
    /// The UID for <paramref name="role"/> (for example "study", "series", "instance/7") under <paramref name="seed"/>:
    /// the first 128 bits of SHA-256(seed, role), marked as an RFC 9562 version 8 UUID, as a decimal integer after "2.25.".
    /// </summary>
    public static string FromSeed(string seed, string role)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed + "\u0000" + role));
        Span<byte> uuid = hash.AsSpan(0, 16);
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        var value = new BigInteger(uuid, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
