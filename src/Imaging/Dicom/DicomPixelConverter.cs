using System.Numerics;
using System.Runtime.InteropServices;

namespace SurgicalNav.Imaging.Dicom;

/// <summary>
/// Turns decoded stored pixel values into modality values (HU for CT) as short: extracts the BitsStored
/// bits below HighBit, sign-extends signed data, applies slope and intercept, rounds and clamps to the short
/// range. MONOCHROME1 is not inverted: it says how to display values (white is low), not what they are, and
/// the modality rescale applies to stored values whatever the photometric interpretation (PS3.3 C.7.6.3.1.2).
/// The stored bytes and the destination may be the same memory (16-bit in place).
/// </summary>
internal static class DicomPixelConverter
{
    [ThreadStatic] private static (DicomPixelLayout Key, short[] Table)? _lastTable;

    /// <summary>Converts one decoded image (host byte order); returns how many values had to be clamped.</summary>
    public static long Convert(ReadOnlySpan<byte> stored, DicomPixelLayout layout, Span<short> destination)
    {
        int count = destination.Length;
        switch (layout.BitsAllocated)
        {
            case 8:
                return ConvertWithTable(stored[..count], TableFor(layout, 256), destination);
            case 16:
                ReadOnlySpan<ushort> words = MemoryMarshal.Cast<byte, ushort>(stored)[..count];
                if (TryConvertLinear16(words, layout, destination)) return 0;
                return ConvertWithTable(words, TableFor(layout, 65536), destination);
            case 32:
                return Convert32(MemoryMarshal.Cast<byte, uint>(stored)[..count], layout, destination);
            default:
                throw new NotSupportedException($"{layout.BitsAllocated} bits allocated per sample");
        }
    }

    /// <summary>Converts one decoded image to exact modality values (dose in Gy, scaled MR) without rounding.</summary>
    public static void ConvertToFloat(ReadOnlySpan<byte> stored, DicomPixelLayout layout, Span<float> destination)
    {
        for (int n = 0; n < destination.Length; n++)
        {
            uint raw = layout.BitsAllocated switch
            {
                8 => stored[n],
                16 => MemoryMarshal.Cast<byte, ushort>(stored)[n],
                _ => MemoryMarshal.Cast<byte, uint>(stored)[n],
            };
            destination[n] = (float)ModalityValue(raw, layout);
        }
    }

    /// <summary>Modality value of one raw stored word, before rounding and clamping.</summary>
    public static double ModalityValue(uint raw, DicomPixelLayout layout)
    {
        int bitsStored = Math.Clamp(layout.BitsStored, 1, layout.BitsAllocated);
        int shift = Math.Max(0, layout.HighBit + 1 - bitsStored);
        long mask = (1L << bitsStored) - 1;
        long value = (raw >> shift) & mask;
        if (layout.IsSigned && (value & (1L << (bitsStored - 1))) != 0) value -= 1L << bitsStored;
        return value * layout.Slope + layout.Intercept;
    }

    /// <summary>
    /// The common CT case (slope 1, whole intercept, value range within short) as masking or sign extension
    /// plus an add, vectorized; false when the layout needs the general table.
    /// </summary>
    private static bool TryConvertLinear16(ReadOnlySpan<ushort> raw, DicomPixelLayout layout, Span<short> destination)
    {
        int bits = Math.Clamp(layout.BitsStored, 1, 16);
        if (layout.Slope != 1 || layout.Intercept != Math.Round(layout.Intercept) || layout.HighBit + 1 != bits) return false;
        long low = layout.IsSigned ? -(1L << (bits - 1)) : 0, high = layout.IsSigned ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        if (low + layout.Intercept < short.MinValue || high + layout.Intercept > short.MaxValue) return false;
        short intercept = (short)layout.Intercept;
        int spare = 16 - bits;
        int n = 0;
        if (Vector.IsHardwareAccelerated && raw.Length >= Vector<short>.Count)
        {
            ReadOnlySpan<Vector<short>> source = MemoryMarshal.Cast<ushort, Vector<short>>(raw);
            Span<Vector<short>> target = MemoryMarshal.Cast<short, Vector<short>>(destination);
            var add = new Vector<short>(intercept);
            var mask = new Vector<short>(unchecked((short)((1 << bits) - 1)));
            for (int v = 0; v < source.Length; v++)
            {
                Vector<short> word = source[v];
                word = layout.IsSigned ? Vector.ShiftRightArithmetic(Vector.ShiftLeft(word, spare), spare) : word & mask;
                target[v] = word + add;
            }
            n = source.Length * Vector<short>.Count;
        }
        for (; n < raw.Length; n++)
        {
            int word = raw[n];
            int value = layout.IsSigned ? (short)(word << spare) >> spare : word & ((1 << bits) - 1);
            destination[n] = (short)(value + intercept);
        }
        return true;
    }

    private static short[] TableFor(DicomPixelLayout layout, int size)
    {
        DicomPixelLayout key = layout with { Columns = 0, Rows = 0, Frames = 0, OriginMm = Vec3.Zero, TransferSyntaxUid = "" };
        if (_lastTable is { } last && last.Key == key) return last.Table;
        var table = new short[size];
        for (int raw = 0; raw < size; raw++) table[raw] = Clamp(ModalityValue((uint)raw, layout), out _);
        _lastTable = (key, table);
        return table;
    }

    private static long ConvertWithTable<TRaw>(ReadOnlySpan<TRaw> raw, short[] table, Span<short> destination)
        where TRaw : unmanaged, IConvertible
    {
        long clamped = 0;
        bool tableClamps = false;
        foreach (short v in table) if (v == short.MinValue || v == short.MaxValue) { tableClamps = true; break; }
        if (typeof(TRaw) == typeof(ushort))
        {
            ReadOnlySpan<ushort> words = MemoryMarshal.Cast<TRaw, ushort>(raw);
            for (int n = 0; n < words.Length; n++) destination[n] = table[words[n]];
        }
        else
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<TRaw, byte>(raw);
            for (int n = 0; n < bytes.Length; n++) destination[n] = table[bytes[n]];
        }
        if (tableClamps)
        {
            foreach (short v in destination) if (v == short.MinValue || v == short.MaxValue) clamped++;
        }
        return clamped;
    }

    private static long Convert32(ReadOnlySpan<uint> raw, DicomPixelLayout layout, Span<short> destination)
    {
        long clamped = 0;
        for (int n = 0; n < raw.Length; n++)
        {
            destination[n] = Clamp(ModalityValue(raw[n], layout), out bool wasClamped);
            if (wasClamped) clamped++;
        }
        return clamped;
    }

    private static short Clamp(double value, out bool clamped)
    {
        double rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        clamped = rounded < short.MinValue || rounded > short.MaxValue;
        return (short)Math.Clamp(rounded, short.MinValue, short.MaxValue);
    }
}
