namespace SurgicalNav.Tracking.Protocol;

/// <summary>
/// CRC-64 as OpenIGTLink computes it over every message body: the ECMA-182 polynomial 0x42F0E1EBA9EA3693,
/// most significant bit first, initial value 0, no final XOR. Check value of "123456789" is 0x6C40DF5F0B497347.
/// </summary>
public static class Crc64Ecma
{
    private const ulong Polynomial = 0x42F0E1EBA9EA3693UL;
    private static readonly ulong[] Table = BuildTable();

    /// <summary>CRC-64 of the bytes, starting from 0.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>Continues a CRC-64 over more bytes (pass the previous result as crc).</summary>
    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong[] table = Table;
        foreach (byte b in data) crc = table[(int)((crc >> 56) ^ b) & 0xFF] ^ (crc << 8);
        return crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (int i = 0; i < 256; i++)
        {
            ulong c = (ulong)i << 56;
            for (int k = 0; k < 8; k++) c = (c & 0x8000000000000000UL) != 0 ? (c << 1) ^ Polynomial : c << 1;
            table[i] = c;
        }
        return table;
    }
}
