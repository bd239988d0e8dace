using System.Buffers.Binary;

namespace SurgicalNav.Imaging.Tests.Dicom.Mutations;

/// <summary>
/// Makes damaged copies of a DICOM file, deterministically from a seed: truncations, byte flips, huge
/// element lengths, wrong VRs, and sequences nested far too deep.
/// </summary>
internal static class DicomMutator
{
    /// <summary>One mutated file's bytes and a name that says what was done.</summary>
    public sealed record Mutation(string Name, string Kind, byte[] Bytes);

    private static readonly byte[][] WrongVrs = ["SQ"u8.ToArray(), "OB"u8.ToArray(), "UN"u8.ToArray(), "DS"u8.ToArray(), "XX"u8.ToArray(), "UL"u8.ToArray()];

    /// <summary>All mutations of <paramref name="source"/> for one seed.</summary>
    public static IEnumerable<Mutation> Mutate(string label, byte[] source, int seed, int truncations, int flips, int hugeLengths, int wrongVrs)
    {
        var random = new Random(seed);
        for (int n = 0; n < truncations; n++)
        {
            // Half in the first 1 KiB where the header lives, half anywhere.
            int at = n % 2 == 0 ? random.Next(1, Math.Min(1024, source.Length)) : random.Next(1, source.Length);
            yield return new Mutation($"{label}-trunc-{at}", "truncation", source[..at]);
        }
        for (int n = 0; n < flips; n++)
        {
            byte[] copy = (byte[])source.Clone();
            int count = random.Next(1, 9);
            for (int f = 0; f < count; f++) copy[random.Next(128, Math.Min(copy.Length, 2048))] ^= (byte)random.Next(1, 256);
            yield return new Mutation($"{label}-flip-{n}", "byte flips", copy);
        }
        List<int> elements = ExplicitElementOffsets(source);
        for (int n = 0; n < hugeLengths && elements.Count > 0; n++)
        {
            byte[] copy = (byte[])source.Clone();
            int at = elements[random.Next(elements.Count)];
            if (IsLongVr(copy, at)) BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 8), 0xFFFFFFF0u - (uint)random.Next(0, 1 << 20) * 2);
            else BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at + 6), 0xFFFE);
            yield return new Mutation($"{label}-huge-{n}-at{at}", "huge length", copy);
        }
        for (int n = 0; n < wrongVrs && elements.Count > 0; n++)
        {
            byte[] copy = (byte[])source.Clone();
            int at = elements[random.Next(elements.Count)];
            WrongVrs[random.Next(WrongVrs.Length)].CopyTo(copy.AsSpan(at + 4));
            yield return new Mutation($"{label}-vr-{n}-at{at}", "wrong VR", copy);
        }
    }

    /// <summary>The source with a private sequence nested <paramref name="depth"/> levels deep inserted before group 0010 (explicit VR little endian data sets only).</summary>
    public static Mutation DeepSequence(string label, byte[] source, int depth)
    {
        int insertAt = ExplicitElementOffsets(source).First(o => BinaryPrimitives.ReadUInt16LittleEndian(source.AsSpan(o)) >= 0x0010);
        var nested = new MemoryStream();
        var w = new BinaryWriter(nested);
        for (int d = 0; d < depth; d++)
        {
            // (0009,1000) SQ, undefined length; one item of undefined length.
            w.Write((ushort)0x0009); w.Write((ushort)0x1000); w.Write("SQ"u8); w.Write((ushort)0); w.Write(0xFFFFFFFFu);
            w.Write((ushort)0xFFFE); w.Write((ushort)0xE000); w.Write(0xFFFFFFFFu);
        }
        for (int d = 0; d < depth; d++)
        {
            w.Write((ushort)0xFFFE); w.Write((ushort)0xE00D); w.Write(0u);
            w.Write((ushort)0xFFFE); w.Write((ushort)0xE0DD); w.Write(0u);
        }
        w.Flush();
        byte[] bytes = [.. source.AsSpan(0, insertAt), .. nested.ToArray(), .. source.AsSpan(insertAt)];
        return new Mutation($"{label}-nested-{depth}", "deep sequence", bytes);
    }

    /// <summary>Offsets of the top-level elements of an explicit VR little endian file (meta group included), up to pixel data.</summary>
    public static List<int> ExplicitElementOffsets(byte[] bytes)
    {
        var offsets = new List<int>();
        int at = 132;
        while (at + 8 <= bytes.Length)
        {
            ushort group = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            if (group == 0xFFFE || !char.IsAsciiLetterUpper((char)bytes[at + 4]) || !char.IsAsciiLetterUpper((char)bytes[at + 5])) break;
            offsets.Add(at);
            if (group == 0x7FE0) break;
            long length = IsLongVr(bytes, at) ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)) : BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6));
            if (length == 0xFFFFFFFF) break;
            at += (IsLongVr(bytes, at) ? 12 : 8) + (int)length;
        }
        return offsets;
    }

    private static bool IsLongVr(byte[] bytes, int at)
    {
        string vr = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 2);
        return vr is "OB" or "OW" or "OF" or "OD" or "OL" or "SQ" or "UN" or "UT" or "UC" or "UR" or "OV" or "SV" or "UV";
    }
}
